# Sourced by scripts/demo.sh and scripts/test.sh: announce steps and never stay silent for long.
#   step "what happens"                 a numbered-free headline with the time since the script started
#   with_progress "label" cmd args...   runs cmd; while it runs, prints "… label: still running (40 s)" every 15 s
#                                       (its own output passes through); returns cmd's exit status
PROGRESS_T0=${PROGRESS_T0:-$(date +%s)}
step() { printf '\n==> %s (t=%ss)\n' "$*" "$(( $(date +%s) - PROGRESS_T0 ))"; }
with_progress() {
  local label=$1; shift
  local start; start=$(date +%s)
  "$@" &
  local pid=$! next=15 status=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    local n=$(( $(date +%s) - start ))
    if (( n >= next )); then printf '    … %s: still running (%s s)\n' "$label" "$n"; next=$(( next + 15 )); fi
  done
  wait "$pid" || status=$?
  if (( status == 0 )); then printf '    %s: done in %s s\n' "$label" "$(( $(date +%s) - start ))"
  else printf '    %s: FAILED (exit %s) after %s s\n' "$label" "$status" "$(( $(date +%s) - start ))"; fi
  return "$status"
}
