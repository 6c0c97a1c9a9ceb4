# Helpers for the scripts that drive a running service over its HTTP API; source it.

# json EXPR: prints EXPR (a Python subscript such as "['id']") of the JSON document on stdin.
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

# await_job BASE JOB_ID [POLL_SECONDS]: waits until the job ends; prints its final document, and
# fails (printing it to stderr) unless it SUCCEEDED.
await_job() {
  local base=$1 job=$2 poll=${3:-2} report state
  while :; do
    report=$(curl -sf "$base/api/v1/jobs/$job")
    state=$(echo "$report" | json "['state']")
    case $state in SUCCEEDED|FAILED|CANCELLED) break ;; esac
    sleep "$poll"
  done
  [ "$state" = SUCCEEDED ] || { echo "job $job ended $state: $report" >&2; return 1; }
  echo "$report"
}
