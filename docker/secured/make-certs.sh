#!/usr/bin/env bash
# Makes, once, what docker/compose.sasl-ssl.yaml's cluster needs, into the directory $1 (default /certs): a throw-away
# CA, the broker's key pair signed by it (SAN dns:kafka, dns:localhost), a truststore holding only the CA for the
# clients, and random passwords for the stores and the SCRAM users. Runs in any image with a JDK's keytool
# (eclipse-temurin). Replace it with your own CA and secret store in production.
set -euo pipefail
out="${1:-/certs}"
mkdir -p "$out"
cd "$out"
if [[ -f truststore.p12 ]]; then
  echo "certificates already in $out"
  exit 0
fi
password() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24; }
for name in store-password admin-password naca-stream-password publisher-password; do
  password > "$name"
done
store="$(cat store-password)"
keytool -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=naca-stream example CA" -validity 825 \
  -ext bc:c -storetype PKCS12 -keystore ca.p12 -storepass "$store" -keypass "$store"
keytool -exportcert -rfc -alias ca -keystore ca.p12 -storepass "$store" -file ca.pem
keytool -genkeypair -alias kafka -keyalg EC -groupname secp256r1 -dname "CN=kafka" -validity 825 \
  -storetype PKCS12 -keystore kafka.p12 -storepass "$store" -keypass "$store"
keytool -certreq -alias kafka -keystore kafka.p12 -storepass "$store" -file kafka.csr
keytool -gencert -alias ca -keystore ca.p12 -storepass "$store" -infile kafka.csr -outfile kafka.pem -rfc \
  -validity 825 -ext SAN=dns:kafka,dns:localhost,ip:127.0.0.1 -ext ku:c=digitalSignature,keyEncipherment \
  -ext eku=serverAuth,clientAuth
keytool -importcert -noprompt -alias ca -file ca.pem -keystore kafka.p12 -storepass "$store"
keytool -importcert -noprompt -alias kafka -file kafka.pem -keystore kafka.p12 -storepass "$store"
keytool -importcert -noprompt -alias ca -file ca.pem -storetype PKCS12 -keystore truststore.p12 -storepass "$store"
rm -f kafka.csr ca.p12   # the CA's private key is not needed again: nothing else gets signed
chmod 644 ./*
echo "certificates and passwords written to $out"
