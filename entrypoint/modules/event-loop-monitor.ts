/**
 * The interval of prom-client's event-loop monitor, ms. Its `nodejs_eventloop_lag_*` gauges are the time between two
 * of the monitor's timer callbacks, this interval included: an idle loop reads about 10 ms, not 0.
 */
export const EVENT_LOOP_MONITOR_INTERVAL_MS = 10;
