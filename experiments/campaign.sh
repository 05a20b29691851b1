#!/usr/bin/env bash
# The results campaign (issue 11): runs every step of a plan (default experiments/campaign.plan) in order with
# `itt compare`, niced, one seed at a time, skipping finished runs and resuming interrupted ones from their
# checkpoints, and commits the run folders (config, metrics, checkpoint, results, reports; not the PNGs) as it goes,
# so that a fresh clone continues exactly where the repository stopped.
#
# Usage: experiments/campaign.sh            # run until the plan is done (or the machine stops)
#        experiments/campaign.sh --status   # how far every run of every step has got, and the plan's time left;
#                                           # trains and commits nothing (a run that later steps extend counts once)
#        experiments/campaign.sh --stop     # stops a running campaign once its run has finished the iteration in
#                                           # progress (however long that takes), commits that progress and exits
#        experiments/campaign.sh --stop --now  # does not wait: the run stops within itt's 20-s grace, and an iteration
#                                           # still in progress then is lost (its checkpoint is the one before)
# Ctrl-C, or SIGTERM to the campaign's process group, stops it as --stop --now does. SIGTERM to the script alone stops
# it once the current seed's `itt compare` is done; --stop signals the script and its children.
# Settings (environment variables):
#   CAMPAIGN_PLAN=FILE        the plan (default experiments/campaign.plan)
#   CAMPAIGN_OUT=DIR          where step folders go (default comparisons/campaign)
#   CAMPAIGN_THREADS=N        rollout threads per run (default 1; results do not depend on it)
#   CAMPAIGN_EVAL_EPISODES=N  episodes behind each iteration's eval_return (default 5)
#   CAMPAIGN_COMMIT_EVERY=S   also commit every S seconds while a step runs (default 600; 0: only after each seed)
#   CAMPAIGN_ITT=PATH         an itt.dll to use instead of building one (tests)
# The command runs from its own build of the committed code (.campaign/bin-<commit>, built from a detached
# worktree), so building or testing the working tree never rewrites the files a running campaign has loaded.
# <commit> is the last commit that changed anything the build reads: the campaign's own commits (run folders) and
# commits of docs, tests, Markdown, results or these scripts do not start a fresh build (nor does --status after one).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
plan="${CAMPAIGN_PLAN:-experiments/campaign.plan}"
out="${CAMPAIGN_OUT:-comparisons/campaign}"
threads="${CAMPAIGN_THREADS:-1}"
eval_episodes="${CAMPAIGN_EVAL_EPISODES:-5}"
commit_every="${CAMPAIGN_COMMIT_EVERY:-600}"
[ -f "$plan" ] || { echo "campaign: no plan at $plan" >&2; exit 2; }

# The running campaign's pid, kept in .git so that it is never committed and belongs to this clone.
pidfile="$(git rev-parse --absolute-git-dir)/itt-campaign.pid"
running() { [ -f "$pidfile" ] && grep -qs campaign.sh "/proc/$(cat "$pidfile")/cmdline"; }

if [ "${1:-}" = "--stop" ]; then
  running || { echo "campaign: not running"; exit 0; }
  pid="$(cat "$pidfile")"
  # A signalled `itt compare` stops at the end of its iteration, or after 20 s, losing it; an iteration of a DM Control
  # IOT run takes minutes. So --stop first waits for the next metrics row of whichever run is training (the run in
  # progress, or the next one to start), and signals right after it, when the iteration under way has barely begun.
  if [ "${2:-}" != "--now" ]; then
    since="$(mktemp)"
    trap 'rm -f "$since"' EXIT
    latest="$(ls -t "$out"/*/runs/*/metrics.csv 2>/dev/null | head -1 || true)" last=""
    [ -z "$latest" ] || last="$(tail -1 "$latest" | cut -d, -f7)"
    [[ $last =~ ^[0-9] ]] && last=" (the latest, $(basename "$(dirname "$latest")")'s, took ${last%%.*} s)" || last=""
    echo "campaign: stopping when an iteration ends$last; --stop --now does not wait"
    while running && [ -z "$(find "$out" -name metrics.csv -newer "$since" -print -quit 2>/dev/null)" ]; do sleep 1; done
  fi
  # The script stops after its current `itt compare`, which itself stops at its next safe point with a checkpoint;
  # the committer stops with its sleep, and a build in progress is abandoned.
  kill -TERM "$pid" 2>/dev/null || { echo "campaign: not running"; exit 0; }
  pkill -TERM -P "$pid" || true
  for _ in $(seq 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      [ -z "$(git status --porcelain -- "$out")" ] || { echo "campaign: stopped, but $out has uncommitted changes (see the campaign's log)" >&2; exit 1; }
      echo "campaign: stopped, progress committed"; exit 0
    fi
    sleep 1
  done
  echo "campaign: still running after 2 min (pid $pid)" >&2
  exit 1
fi
# One campaign at a time per clone (refused before any build; --status may run beside it). The pid is written before
# the build, so that --stop finds a campaign that is still building.
if [ "${1:-}" != "--status" ]; then
  if running; then
    echo "campaign: already running (pid $(cat "$pidfile")); stop it with experiments/campaign.sh --stop" >&2
    exit 2
  fi
  echo $$ > "$pidfile"
  trap 'rm -f "$pidfile"' EXIT
fi

if [ -n "${CAMPAIGN_ITT:-}" ]; then
  itt_dll="$CAMPAIGN_ITT"
else
  rev="$(git rev-list -1 HEAD -- . ":(exclude)$out" ":(exclude)comparisons" ":(exclude)docs" ":(exclude)tests" \
    ":(exclude)experiments" ":(exclude,glob)**/*.md")"
  rev="$(git rev-parse --short=12 "${rev:-HEAD}")"
  bin="$root/.campaign/bin-$rev"
  if [ ! -f "$bin/itt.dll" ]; then
    src="$root/.campaign/src-$rev"
    [ -d "$src" ] || git worktree add --detach "$src" "$rev" >/dev/null
    # The Debian packages of the native tasks (MuJoCo, Box2D) and LunarLander's shim, which the build output carries:
    # a fresh machine has none of them.
    bash "$src/scripts/setup.sh" >/dev/null
    dotnet publish "$src/src/Itt.Cli" -c Release -o "$bin.tmp" -nologo -v q >/dev/null
    rm -rf "$bin"; mv "$bin.tmp" "$bin"
  fi
  itt_dll="$bin/itt.dll"
fi
[ -f "$itt_dll" ] || { echo "campaign: no itt.dll at $itt_dll" >&2; exit 2; }

# The plan's steps as "folder|options without --seeds|seeds"; comments and blank lines are left out.
steps() {
  while IFS='|' read -r folder options; do
    folder="$(echo "$folder" | sed -E 's/^[[:space:]]+|[[:space:]]+$//g')"
    [ -z "$folder" ] || [ "${folder:0:1}" = "#" ] && continue
    seeds="$(echo "$options" | sed -nE 's/.*--seeds +([0-9]+).*/\1/p')"
    echo "$folder|$(echo "$options" | sed -E 's/--seeds +[0-9]+//')|${seeds:-1}"
  done < "$plan"
}

# Echoes `itt compare --status` output and ends it with the plan-wide total of its runs ("campaign: U runs unfinished;
# about D of training left …, not counting N runs …", D written as itt writes it). A run counts once, as the last step
# that lists it (a later step of the same folder extends its runs) says: finished, or its time left, or no pace to go by.
# A step whose status failed ("!! <folder>" from the loop below) leaves no total to claim: it is named on stderr and the
# function fails, after the other steps' lines.
plan_total() {
  local line folder="" key failed=""
  local -A left=() # step folder/run → done, unknown, or "<value> <unit>" of its time left
  while IFS= read -r line; do
    if [[ $line == '!! '* ]]; then failed+="${failed:+, }${line#!! }"; continue; fi
    echo "$line"
    if [[ $line =~ ^==\ (.+)$ ]]; then folder="${BASH_REMATCH[1]}"; continue; fi
    [[ $line =~ ^([^[:space:]:]+):\ (finished|past\ this\ budget|in\ progress|pending)(.*)$ ]] || continue
    key="$folder/${BASH_REMATCH[1]}"
    case "${BASH_REMATCH[2]}" in
      finished | past*) left[$key]=done ;;
      *) if [[ ${BASH_REMATCH[3]} =~ about\ ([0-9.]+\ (s|min|h))\ left ]]; then left[$key]="${BASH_REMATCH[1]}"; else left[$key]=unknown; fi ;;
    esac
  done
  local unfinished=0 unknown=0 paced=""
  for key in "${!left[@]}"; do
    case "${left[$key]}" in
      done) ;;
      unknown) unfinished=$((unfinished + 1)) unknown=$((unknown + 1)) ;;
      *) unfinished=$((unfinished + 1)) paced+="${left[$key]}"$'\n' ;;
    esac
  done
  if [ -n "$failed" ]; then echo "campaign: no total, since the status of $failed failed (its error is above)" >&2; return 1; fi
  runs() { [ "$1" -eq 1 ] && echo "1 run" || echo "$1 runs"; }
  if [ "$unfinished" -eq 0 ]; then echo "campaign: every run of the plan is finished"; return; fi
  if [ "$unknown" -eq "$unfinished" ]; then echo "campaign: $(runs "$unfinished") unfinished, none with a pace to go by"; return; fi
  printf 'campaign: %s unfinished; about %s of training left at the measured paces' "$(runs "$unfinished")" \
    "$(printf '%s' "$paced" | awk '{ t += $1 * ($2 == "h" ? 3600 : $2 == "min" ? 60 : 1) }
      END { if (t < 59.5) printf "%.0f s", t; else if (t < 3570) printf "%.0f min", t / 60; else printf "%.1f h", t / 3600 }')"
  [ "$unknown" -gt 0 ] && printf ', not counting %s with no pace to go by' "$(runs "$unknown")"
  echo
}

if [ "${1:-}" = "--status" ]; then
  while IFS='|' read -r folder options seeds; do
    echo "== $folder"
    # shellcheck disable=SC2086
    dotnet "$itt_dll" compare $options --seeds "$seeds" --out "$out/$folder" --iteration-eval-episodes "$eval_episodes" --status </dev/null ||
      echo "!! $folder"
  done < <(steps) | plan_total
  exit 0
fi

# Commits the campaign folder only, never anything else that is staged. Nothing to commit is fine; a failure (a
# stale .git/index.lock, say) is said in the log, since the progress it leaves uncommitted is what a stop would lose.
commit() {
  local errors
  if ! errors="$(git -C "$root" add -A -- "$out" 2>&1)"; then echo "campaign: could not stage progress: $errors" >&2; return 0; fi
  git -C "$root" diff --cached --quiet -- "$out" && return 0
  errors="$(git -C "$root" -c user.name="${GIT_AUTHOR_NAME:-itt campaign}" -c user.email="${GIT_AUTHOR_EMAIL:-campaign@localhost}" \
    commit -q -m "campaign: $1" -- "$out" 2>&1)" || echo "campaign: could not commit progress: $errors" >&2
}

committer=""
if [ "$commit_every" -gt 0 ]; then
  # Its sleep goes with it when it is stopped: a sleep left behind would hold the log open for up to commit_every seconds.
  ( trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    while :; do sleep "$commit_every" & sleeper=$!; wait "$sleeper" || true; commit "progress"; done ) &
  committer=$!
fi
# The committer may be gone already (a signal to the process group reaches it too): a failed kill must not end the trap.
trap '[ -n "$committer" ] && kill "$committer" 2>/dev/null || true; commit "stopped"; rm -f "$pidfile"' EXIT
# A signal waits for the `itt compare` in progress (which stops at its next safe point) and ends the campaign there.
stopping=""
trap 'stopping=1' TERM INT

while IFS='|' read -r folder options seeds; do
  for seed in $(seq 1 "$seeds"); do
    [ -z "$stopping" ] || break 2
    echo "campaign: $folder, seeds 1..$seed" >&2
    code=0
    # shellcheck disable=SC2086
    nice -n 15 dotnet "$itt_dll" compare $options --seeds "$seed" --out "$out/$folder" --threads "$threads" \
      --iteration-eval-episodes "$eval_episodes" </dev/null || code=$?
    if [ -n "$stopping" ]; then
      echo "campaign: stopped during $folder, seed $seed; run it again to resume" >&2
      exit 130 # the EXIT trap commits what the run checkpointed
    fi
    # A seed that fails (a run that cannot go on) is said in the log and left for a person; the campaign goes on.
    [ "$code" -eq 0 ] || echo "campaign: $folder, seed $seed failed (exit $code); going on" >&2
    commit "$folder, seeds 1..$seed"
  done
done < <(steps)
if [ -n "$stopping" ]; then echo "campaign: stopped between seeds; run it again to resume" >&2; exit 130; fi
echo "campaign: plan complete" >&2
