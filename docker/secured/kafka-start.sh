#!/usr/bin/env bash
# Starts the example secured broker of docker/compose.sasl-ssl.yaml in the official apache/kafka image: fills the
# passwords made by make-certs.sh into server.properties, formats KRaft storage once with the SCRAM users (admin, the
# service and the publisher), and runs the broker.
set -euo pipefail
certs=/certs
props=/tmp/server.properties
sed -e "s|@STORE_PASSWORD@|$(cat $certs/store-password)|g" \
    -e "s|@ADMIN_PASSWORD@|$(cat $certs/admin-password)|g" /etc/naca/server.properties > "$props"
scram() { echo "SCRAM-SHA-512=[name=$1,password=$(cat "$certs/$1-password")]"; }
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "${CLUSTER_ID:-naca-stream-example-01}" -c "$props" \
  --add-scram "$(scram admin)" --add-scram "$(scram naca-stream)" --add-scram "$(scram publisher)"
exec /opt/kafka/bin/kafka-server-start.sh "$props"
