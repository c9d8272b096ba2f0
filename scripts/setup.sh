#!/usr/bin/env bash
# `npm run setup` (or `bash scripts/setup.sh` where there is no Node yet): everything the tests and
# the demo need, each installed only when it is missing, so a second run installs nothing.
#   1. The Debian packages of scripts/setup-packages.txt: apt-get as root, sudo apt-get when sudo is
#      there; otherwise it names each missing tool and how to get it, and exits 1.
#   2. Node 24 when the machine's Node is older: `npm install -g node@24` into /opt/node24 (as root)
#      or ~/.local/node24, then the line to put it first on PATH. `--path` prints only that line
#      (nothing when the PATH's Node is 24 or newer), for `eval "$(bash scripts/setup.sh --path)"`.
#   3. npm ci, unless node_modules already matches package-lock.json and this Node.
set -euo pipefail
cd "$(dirname "$0")/.."

LIST=scripts/setup-packages.txt
if [ "$(id -u)" = 0 ]; then
  NODE24_PREFIX=${SHIPKIT_NODE24_PREFIX:-/opt/node24}
else
  NODE24_PREFIX=${SHIPKIT_NODE24_PREFIX:-$HOME/.local/node24}
fi

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
path_node_major() { if command -v node >/dev/null 2>&1; then node_major node; else echo 0; fi; }

caller_node_major=$(path_node_major)
path_line() {
  if [ "$caller_node_major" -lt 24 ] && [ "$(node_major "$NODE24_PREFIX/bin/node")" -ge 24 ]; then
    echo "export PATH=\"$NODE24_PREFIX/bin:\$PATH\""
  fi
}
if [ "${1:-}" = "--path" ]; then
  path_line
  exit 0
fi

# A command on PATH (or in sbin, where Debian puts nginx), or `python3:<module>` of the system's
# python3 (/usr/bin/python3, which the benchmarks run, where there is one; a pyenv shim may be first on PATH).
python=/usr/bin/python3
[ -x "$python" ] || python=python3
have() {
  case "$1" in
    python3:*) "$python" -c "import ${1#python3:}" >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ] ;;
  esac
}

declare -A WHAT HOW
missing=()
check_packages() {
  missing=()
  while read -r pkg what how; do
    case "$pkg" in '' | '#'*) continue ;; esac
    WHAT[$pkg]=$what
    HOW[$pkg]=$how
    have "$what" || missing+=("$pkg")
  done <"$LIST"
}
check_packages

need_node=false
if [ "$caller_node_major" -lt 24 ] && [ "$(node_major "$NODE24_PREFIX/bin/node")" -lt 24 ]; then need_node=true; fi
# No npm at all: Debian's nodejs and npm bring one to fetch Node 24 with.
if $need_node && ! command -v npm >/dev/null 2>&1; then
  WHAT[nodejs]=node HOW[nodejs]="https://nodejs.org/en/download (Node 24)" WHAT[npm]=npm HOW[npm]="comes with Node"
  missing+=(nodejs npm)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  apt=()
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
    elif command -v sudo >/dev/null 2>&1; then
      apt=(sudo env DEBIAN_FRONTEND=noninteractive apt-get)
    fi
  fi
  if [ "${#apt[@]}" -eq 0 ]; then
    echo "set-up: missing, and no apt-get to install them with (it needs root or sudo on Debian/Ubuntu):" >&2
    for pkg in "${missing[@]}"; do
      echo "  ${WHAT[$pkg]}: Debian package $pkg (apt-get install $pkg); elsewhere: ${HOW[$pkg]}" >&2
    done
    echo "Install them, then run \`npm run setup\` again." >&2
    exit 1
  fi
  echo "set-up: installing the Debian packages ${missing[*]}"
  "${apt[@]}" update -qq
  "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
  check_packages
  if [ "${#missing[@]}" -gt 0 ]; then
    for pkg in "${missing[@]}"; do echo "set-up: $pkg was installed but ${WHAT[$pkg]} is still not found" >&2; done
    exit 1
  fi
fi

if $need_node; then
  echo "set-up: Node $caller_node_major is older than 24; installing Node 24 into $NODE24_PREFIX"
  npm install -g --prefix "$NODE24_PREFIX" --no-audit --no-fund node@24
fi
if [ "$caller_node_major" -lt 24 ]; then export PATH="$NODE24_PREFIX/bin:$PATH"; fi

# node_modules as package-lock.json says, for this Node: npm ci only when that changed.
stamp=node_modules/.shipkit-setup
want="node $(node_major node), lock $(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "set-up: node_modules already matches package-lock.json"
else
  npm ci --no-audit --no-fund
  mkdir -p node_modules
  echo "$want" >"$stamp"
fi

echo "set-up done: the Debian tools, Node $(node --version), node_modules."
line=$(path_line)
if [ -n "$line" ]; then
  echo "Node 24 is in $NODE24_PREFIX/bin, behind an older node on PATH; put it first (here and in your shell's profile):"
  echo "  $line"
fi
