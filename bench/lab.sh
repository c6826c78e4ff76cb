# Sourced by the bench scripts (bash): bring up one lab world and take it down again, whatever
# else runs on the machine (only this script's lab is stopped, by its keeper process).
#
#   lab_up ASHYQ SCENARIO LAB_TXT   # sets keeper, client, helper_ns, ca and plan
#   lab_down                        # also on EXIT once lab_up has run (trap set by lab_up)
#   lab_field LABEL FILE            # one "LABEL value" line of `ashyq lab up`'s output
keeper=""
lab_field() { sed -n "s/^ *$1 *//p" "$2" | head -1; }
lab_down() {
  [ -n "$keeper" ] || return 0
  kill -TERM "$keeper" 2>/dev/null || true
  for _ in $(seq 200); do
    ip netns list | grep -q "^aq$keeper-" || break
    sleep 0.1
  done
  keeper=""
}
lab_up() {
  local ashyq="$1" scenario="$2" out="$3"
  trap lab_down EXIT
  "$ashyq" lab up --scenario "$scenario" >"$out"
  keeper="$(sed -n 's/.*(prefix aq\([0-9]*\)-).*/\1/p' "$out")"
  client="$(sed -n 's/^ *run the probe: *ip netns exec \([^ ]*\).*/\1/p' "$out")"
  helper_ns="$(sed -n 's/^ *control vantage: *ip netns exec \([^ ]*\).*/\1/p' "$out")"
  ca="$(lab_field "lab root CA:" "$out")"
  plan="$(lab_field "address plan:" "$out")"
}
