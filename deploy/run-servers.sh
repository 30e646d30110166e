#!/usr/bin/env bash
# Start N app servers on consecutive ports, all on the same PostgreSQL and the same cookie
# secret, ready to sit behind the reverse proxy in deploy/nginx.conf.
#
#   DATABASE_URL=postgresql+psycopg://survey:secret@db/survey \
#   SURVEY_ADMIN_PASSWORD=... SURVEY_PUBLIC_URL=https://survey.example.be \
#   STREAMLIT_SERVER_COOKIE_SECRET=$(openssl rand -hex 32) \
#   deploy/run-servers.sh 3
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-2}"
first_port="${FIRST_PORT:-8501}"
: "${DATABASE_URL:?set DATABASE_URL to the shared PostgreSQL database}"
: "${STREAMLIT_SERVER_COOKIE_SECRET:?set the same STREAMLIT_SERVER_COOKIE_SECRET on every server}"
: "${SURVEY_ADMIN_PASSWORD:?set the facilitator password (the same on every server)}"
.venv/bin/python -m survey db upgrade   # once, before the servers start
pids=()
for ((i = 0; i < count; i++)); do
  port=$((first_port + i))
  .venv/bin/python -m streamlit run dashboard.py --server.port "$port" \
    --server.address 127.0.0.1 --server.headless true --browser.gatherUsageStats false \
    > "server-$port.log" 2>&1 &
  pids+=("$!")
  echo "server $((i + 1)) on 127.0.0.1:$port (log: server-$port.log)"
done
trap 'kill "${pids[@]}" 2>/dev/null' INT TERM
wait
