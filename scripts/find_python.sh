#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain and fail.
# Order: $PYTHON, python3.13 / python3.12 / python3 on PATH, then pyenv's installed versions.
set -u

ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for name in python3.13 python3.12 python3; do
  path=$(command -v "$name" 2>/dev/null) && candidates+=("$path")
done
pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for dir in $(ls -d "$pyenv_root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
  candidates+=("$dir/bin/python3")
done

for candidate in "${candidates[@]}"; do
  if ok "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done

cat >&2 <<MSG
Không tìm thấy Python 3.12 trở lên / No Python >= 3.12 found.
Tried: ${candidates[*]:-(none)}
Install Python 3.12 or 3.13 (for example 'pyenv install 3.13') or set PYTHON=/path/to/python3.13.
MSG
exit 1
