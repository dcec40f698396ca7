#!/bin/sh
# Signs every POM and jar of the bundle that 'mvn -B -Prelease package' laid out in
# release-bundle/target/central-bundle (one ASCII-armoured .asc beside each) and zips it again as
# release-bundle/target/central-bundle.zip, ready for the Central Publisher Portal.
# The key: gpg's default key, or JWTGATE_GPG_KEY (a key id); gpg asks for the passphrase as usual.
set -eu
cd "$(dirname "$0")/target"
[ -d central-bundle ] || { echo "no release-bundle/target/central-bundle: run 'mvn -B -Prelease package' first" >&2; exit 1; }
find central-bundle -name '*.asc' -exec rm {} +
find central-bundle -type f \( -name '*.jar' -o -name '*.pom' \) | sort | while read -r f; do
  gpg --batch --yes --armor --detach-sign ${JWTGATE_GPG_KEY:+--local-user "$JWTGATE_GPG_KEY"} "$f"
done
rm -f central-bundle.zip
(cd central-bundle && zip -qr ../central-bundle.zip .)
echo "signed $(find central-bundle -name '*.asc' | wc -l) files: $(pwd)/central-bundle.zip"
