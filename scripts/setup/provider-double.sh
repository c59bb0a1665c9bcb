#!/usr/bin/env bash
# Terraform for the test suite, offline:
#   1. checks that a Terraform >= TERRAFORM_MIN_VERSION is on PATH (one line and exit 1 if not);
#   2. turns each provider's published binding (PyPI, see tools.env) into Terraform's schema
#      JSON (scripts/setup/provider-schemas.ts), cached in .tools/provider-double/schemas/;
#   3. builds the provider double (test/provider-double, Go) and installs it with those schemas
#      into a filesystem mirror, .tools/provider-double/mirror/;
#   4. writes the CLI config that makes `terraform init` install from that mirror only:
#      .tools/provider-double/terraformrc (tests and stages set TF_CLI_CONFIG_FILE to it).
# Every step is skipped when its inputs are unchanged, so a second run does nothing.
# Used by bootstrap.sh and by `npm start`.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# shellcheck source=tools.env
. scripts/setup/tools.env
base="$root/.tools/provider-double"
say() { printf 'setup: %s\n' "$*" >&2; }

# 1. Terraform on PATH. An empty CLI config keeps a user's (or a missing) config out of it.
if ! command -v terraform >/dev/null 2>&1; then
  echo "setup: Terraform >= $TERRAFORM_MIN_VERSION is required on PATH and none was found (install it from HashiCorp's releases)" >&2
  exit 1
fi
tf_version=$(TF_CLI_CONFIG_FILE=/dev/null terraform version -json 2>/dev/null |
  sed -n 's/^ *"terraform_version": *"\([^"]*\)".*/\1/p')
if [ -z "$tf_version" ] || [ "$(printf '%s\n%s\n' "$TERRAFORM_MIN_VERSION" "$tf_version" | sort -V | head -1)" != "$TERRAFORM_MIN_VERSION" ]; then
  echo "setup: Terraform >= $TERRAFORM_MIN_VERSION is required on PATH, found '${tf_version:-unreadable version}' at $(command -v terraform)" >&2
  exit 1
fi

hash_of() { cat "$@" | sha256sum | cut -c1-16; }
converter_hash=$(hash_of scripts/setup/provider-schemas.ts)
mkdir -p "$base/schemas" "$base/bin"

# 2. Schemas, one file per provider version, binding version and converter.
schema_files=()
for entry in $PROVIDER_DOUBLE_PROVIDERS; do
  provider=${entry%%=*} rest=${entry#*=}
  version=${rest%%:*} package=${rest#*:}
  file="$base/schemas/${provider//\//_}-$version-${package//==/-}-$converter_hash.json"
  if [ ! -s "$file" ]; then
    say "provider schema of $provider $version from $package"
    work=$(mktemp -d)
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --dest "$work" "$package" >&2
    python3 - "$work" <<'PY'
import sys, zipfile, glob, tarfile, os
work = sys.argv[1]
wheel = glob.glob(os.path.join(work, "*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if "/_jsii/" in n and n.endswith(".tgz")]
    if len(names) != 1:
        sys.exit(f"setup: {os.path.basename(wheel)}: expected one _jsii/*.tgz, found {len(names)}")
    z.extract(names[0], work)
with tarfile.open(os.path.join(work, names[0])) as t:
    t.extractall(work, filter="data")
PY
    recorded=$(node -e 'const p=require(process.argv[1]);console.log((p.cdktn||p.cdktf).provider.name+"="+(p.cdktn||p.cdktf).provider.version)' "$work/package/package.json")
    if [ "$recorded" != "registry.terraform.io/$provider=$version" ]; then
      echo "setup: $package was generated from $recorded, tools.env expects registry.terraform.io/$provider=$version" >&2
      rm -rf "$work"
      exit 1
    fi
    node_modules/.bin/tsx scripts/setup/provider-schemas.ts --package "$work/package" \
      --source "registry.terraform.io/$provider" --out "$file.tmp"
    mv "$file.tmp" "$file"
    rm -rf "$work"
  fi
  schema_files+=("$provider=$version=$file")
done

# 3. The double, built once per source version.
source_hash=$(hash_of test/provider-double/*.go test/provider-double/go.mod test/provider-double/go.sum)
binary="$base/bin/terraform-provider-double-$source_hash"
if [ ! -x "$binary" ]; then
  say "building the provider double (test/provider-double)"
  (cd test/provider-double && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$binary.tmp" .)
  mv "$binary.tmp" "$binary"
fi

# 4. The mirror and the CLI config, one mirror per binary and schema set.
platform="$(go env GOOS)_$(go env GOARCH)"
mirror_key=$(printf '%s\n' "$source_hash" "${schema_files[@]}" | sha256sum | cut -c1-16)
mirror="$base/mirror/$mirror_key"
if [ ! -f "$mirror/.complete" ]; then
  say "installing the provider double into .tools/provider-double/mirror/$mirror_key"
  rm -rf "$mirror"
  for entry in "${schema_files[@]}"; do
    provider=${entry%%=*} rest=${entry#*=}
    version=${rest%%=*} file=${rest#*=}
    dir="$mirror/registry.terraform.io/$provider/$version/$platform"
    mkdir -p "$dir"
    cp "$binary" "$dir/terraform-provider-${provider#*/}_v$version"
    cp "$file" "$dir/schema.json"
  done
  touch "$mirror/.complete"
fi
# Earlier versions of the schemas, the double and its mirror are never used again.
for old in "$base"/schemas/*.json "$base"/bin/terraform-provider-double-* "$base"/mirror/*; do
  [ -e "$old" ] || continue
  case " ${schema_files[*]} $binary $mirror " in
  *"=$old "* | *" $old "*) ;;
  *) rm -rf "$old" ;;
  esac
done

config="$base/terraformrc"
wanted=$(cat <<CFG
# Written by scripts/setup/provider-double.sh: providers come from the provider double's mirror only.
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
CFG
)
if [ "$(cat "$config" 2>/dev/null)" != "$wanted" ]; then
  printf '%s\n' "$wanted" >"$config.tmp"
  mv "$config.tmp" "$config"
fi
