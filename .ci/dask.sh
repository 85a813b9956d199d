#!/usr/bin/env bash
# A throwaway Dask cluster on 127.0.0.1 for tests/test_sweep_dask.py: one `dask scheduler` and
# two `dask worker` processes from .venv. Source it, then call start_dask (it exports
# TEAMSIM_TEST_DASK_SCHEDULER=tcp://127.0.0.1:PORT); set a trap calling stop_dask first.
# The scheduler picks a free port (--port 0) and writes it to its scheduler file. Each process
# leads its own process group (setsid), so stopping it also stops its worker children.
DASK_DIR=$(mktemp -d /tmp/teamsim-dask.XXXXXX)
DASK_PIDS=()
stop_dask() {
    local pid alive
    for pid in "${DASK_PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    for _ in $(seq 1 30); do
        alive=0
        for pid in "${DASK_PIDS[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 1
    done
    for pid in "${DASK_PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
    rm -rf "$DASK_DIR"
}
start_dask() {
    setsid .venv/bin/dask scheduler --host 127.0.0.1 --port 0 --dashboard-address 127.0.0.1:0 \
        --scheduler-file "$DASK_DIR/scheduler.json" >"$DASK_DIR/scheduler.log" 2>&1 &
    DASK_PIDS+=($!)
    for _ in $(seq 1 120); do [ -s "$DASK_DIR/scheduler.json" ] && break; sleep 1; done
    for i in 1 2; do
        setsid .venv/bin/dask worker --scheduler-file "$DASK_DIR/scheduler.json" --host 127.0.0.1 \
            --nworkers 1 --nthreads 1 --dashboard-address 127.0.0.1:0 \
            --local-directory "$DASK_DIR/worker$i" >"$DASK_DIR/worker$i.log" 2>&1 &
        DASK_PIDS+=($!)
    done
    if ! TEAMSIM_TEST_DASK_SCHEDULER=$(.venv/bin/python - "$DASK_DIR/scheduler.json" <<'EOF'
import sys
from distributed import Client
with Client(scheduler_file=sys.argv[1], timeout=120, set_as_default=False) as client:
    client.wait_for_workers(2, timeout=180)
    print(client.scheduler.address)
EOF
    ); then
        echo "the Dask test cluster did not start:" >&2
        tail -n 20 "$DASK_DIR"/*.log >&2
        return 1
    fi
    export TEAMSIM_TEST_DASK_SCHEDULER
    echo "Dask test cluster: $TEAMSIM_TEST_DASK_SCHEDULER (2 workers)"
}
