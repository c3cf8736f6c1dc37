#!/usr/bin/env bash
# Creates the topics of docker/compose.sasl-ssl.yaml and grants each user only what it needs, as the admin user over
# SASL_SSL; the same ACLs docs/service.md lists ("Secured clusters"). Runs once in the apache/kafka image.
set -euo pipefail
cat > /tmp/admin.properties <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(cat /certs/admin-password)";
ssl.truststore.type=PKCS12
ssl.truststore.location=/certs/truststore.p12
ssl.truststore.password=$(cat /certs/store-password)
PROPS
kafka=(--bootstrap-server kafka:9094 --command-config /tmp/admin.properties)
topic() { /opt/kafka/bin/kafka-topics.sh "${kafka[@]}" --create --if-not-exists --partitions "$2" --topic "$1" "${@:3}"; }
acl() { /opt/kafka/bin/kafka-acls.sh "${kafka[@]}" --add --force "$@"; }
for t in dvs.events dvs.labels naca.predictions naca.energy naca.dead-letter; do topic "$t" 2; done
topic naca.checkpoints 1 --config cleanup.policy=compact --config max.message.bytes=67108864 \
  --config segment.ms=600000 --config min.cleanable.dirty.ratio=0.1
# the service (user naca-stream, group naca-stream, processing.guarantee=exactly_once)
svc=(--allow-principal User:naca-stream)
acl "${svc[@]}" --operation Read --topic dvs.events --topic dvs.labels
acl "${svc[@]}" --operation Write --topic naca.predictions --topic naca.energy --topic naca.dead-letter
acl "${svc[@]}" --operation Read --operation Write --topic naca.checkpoints
acl "${svc[@]}" --operation Read --group naca-stream
acl "${svc[@]}" --operation Write --operation Describe --transactional-id naca-stream-naca-stream- \
  --resource-pattern-type prefixed
# the publisher (user publisher): writes the input topics only
acl --allow-principal User:publisher --operation Write --topic dvs.events --topic dvs.labels
echo "topics and ACLs in place"
