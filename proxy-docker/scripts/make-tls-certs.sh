#!/usr/bin/env bash
# Writes the certificates of a TLS-protected Docker engine test into DIR:
#   ca.pem                      the CA that signs the engine's and the client's certificates
#   server-cert.pem server-key.pem   the engine's, for 127.0.0.1 and localhost
#   client-cert.pem client-key.pem   a client certificate the engine accepts
#   other-ca.pem other-cert.pem other-key.pem   a CA and a client certificate the engine does not know
#
#   make-tls-certs.sh DIR
set -euo pipefail
DIR="$1"
mkdir -p "$DIR"
cd "$DIR"

ca() { # name subject
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1-key.pem" -out "$1.pem" -days 2 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
signed() { # name ca subject extensions
  openssl req -newkey rsa:2048 -nodes -keyout "$1-key.pem" -out "$1.csr" -subj "/CN=$3" 2>/dev/null
  printf '%s\n' "$4" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2-key.pem" -CAcreateserial -out "$1-cert.pem" -days 2 \
    -extfile "$1.ext" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

ca ca "gatehouse test CA"
ca other-ca "another CA"
signed server ca "dockerd" "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
signed client ca "gatehouse" "extendedKeyUsage=clientAuth"
signed other other-ca "stranger" "extendedKeyUsage=clientAuth"
chmod 600 ./*-key.pem
