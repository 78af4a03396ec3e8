#!/usr/bin/env bash
# Writes one ASP.NET Core Data Protection key, in the XML the framework stores itself, for the web app's key ring
# (the nojor-web-dataprotection Secret). Every web replica reads the same ring, read-only, so an anti-forgery token
# one replica issued is accepted by the others. The replicas cannot write a key of their own: add the next key
# before the current one expires (docs/deploy.md, "Secrets").
#
#   new-dataprotection-key.sh [--out DIR] [--activate-in-days N] [--valid-days N]
#
# DIR defaults to dataprotection/ beside this script (ignored by git). --activate-in-days: when a rotation's new key
# takes over; give every replica time to load it first (a restart loads it at once; otherwise within 24 hours).
set -euo pipefail

out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/dataprotection"
activate_in_days=0
valid_days=180
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --activate-in-days) activate_in_days="$2"; shift 2 ;;
    --valid-days) valid_days="$2"; shift 2 ;;
    *) echo "usage: $0 [--out DIR] [--activate-in-days N] [--valid-days N]" >&2; exit 2 ;;
  esac
done

id="$(cat /proc/sys/kernel/random/uuid)"
stamp() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
created="$(stamp now)"
activation="$(stamp "+${activate_in_days} days")"
expiration="$(stamp "+$((activate_in_days + valid_days)) days")"
# 512 bits: AES-256-CBC with HMAC-SHA256, the framework's default algorithms, derive their subkeys from it.
master="$(head -c 64 /dev/urandom | base64 -w0)"

umask 077
mkdir -p "$out"
file="$out/key-$id.xml"
cat > "$file" <<XML
<?xml version="1.0" encoding="utf-8"?>
<key id="$id" version="1">
  <creationDate>$created</creationDate>
  <activationDate>$activation</activationDate>
  <expirationDate>$expiration</expirationDate>
  <descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60">
    <descriptor>
      <encryption algorithm="AES_256_CBC" />
      <validation algorithm="HMACSHA256" />
      <masterKey p4:requiresEncryption="true" xmlns:p4="http://schemas.asp.net/2015/03/dataProtection">
        <value>$master</value>
      </masterKey>
    </descriptor>
  </descriptor>
</key>
XML
echo "$file (active $activation, expires $expiration)"
