#!/usr/bin/env bash
# The results campaign (issue 11): runs every step of a plan (default experiments/campaign.plan) in order with
# `itt compare`, niced, one seed at a time, skipping finished runs and resuming interrupted ones from their
# checkpoints, and commits the run folders (config, metrics, checkpoint, results, reports; not the PNGs) as it goes,
# so that a fresh clone continues exactly where the repository stopped.
#
# Usage: experiments/campaign.sh            # run until the plan is done (or the machine stops)
#        experiments/campaign.sh --status   # how far every run of every step has got, and the plan's time left;
#                                           # trains and commits nothing
# Settings (environment variables):
#   CAMPAIGN_PLAN=FILE        the plan (default experiments/campaign.plan)
#   CAMPAIGN_OUT=DIR          where step folders go (default comparisons/campaign)
#   CAMPAIGN_THREADS=N        rollout threads per run (default 1; results do not depend on it)
#   CAMPAIGN_EVAL_EPISODES=N  episodes behind each iteration's eval_return (default 5)
#   CAMPAIGN_COMMIT_EVERY=S   also commit every S seconds while a step runs (default 600; 0: only after each seed)
#   CAMPAIGN_ITT=PATH         an itt.dll to use instead of building one (tests)
# The command runs from its own build of the committed code (.campaign/bin-<commit>, built from a detached
# worktree), so building or testing the working tree never rewrites the files a running campaign has loaded.
# <commit> is the last commit that changed anything outside the campaign folder: the campaign's own commits add
# only run folders, so they do not start a fresh build (nor does --status after one).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
plan="${CAMPAIGN_PLAN:-experiments/campaign.plan}"
out="${CAMPAIGN_OUT:-comparisons/campaign}"
threads="${CAMPAIGN_THREADS:-1}"
eval_episodes="${CAMPAIGN_EVAL_EPISODES:-5}"
commit_every="${CAMPAIGN_COMMIT_EVERY:-600}"
[ -f "$plan" ] || { echo "campaign: no plan at $plan" >&2; exit 2; }

if [ -n "${CAMPAIGN_ITT:-}" ]; then
  itt_dll="$CAMPAIGN_ITT"
else
  rev="$(git rev-list -1 HEAD -- . ":(exclude)$out")"
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

# Echoes `itt compare --status` output and ends it with the plan-wide total of its steps' summary lines
# ("… I in progress, P pending; about D of training left …, not counting N runs …"), D written as itt writes it.
# A step with no pace to go by gives no estimate: all of its unfinished runs count as unknown.
plan_total() {
  local line rest step unfinished=0 unknown=0 seconds=0
  while IFS= read -r line; do
    echo "$line"
    [[ $line =~ ([0-9]+)\ in\ progress,\ ([0-9]+)\ pending(.*)$ ]] || continue
    step=$((BASH_REMATCH[1] + BASH_REMATCH[2])) rest="${BASH_REMATCH[3]}"
    unfinished=$((unfinished + step))
    if [[ $rest =~ about\ ([0-9.]+)\ (s|min|h)\ of\ training\ left ]]; then
      seconds="$(awk -v t="$seconds" -v v="${BASH_REMATCH[1]}" -v u="${BASH_REMATCH[2]}" \
        'BEGIN { print t + v * (u == "h" ? 3600 : u == "min" ? 60 : 1) }')"
      [[ $rest =~ not\ counting\ ([0-9]+)\ run ]] && unknown=$((unknown + BASH_REMATCH[1]))
    else
      unknown=$((unknown + step))
    fi
  done
  runs() { [ "$1" -eq 1 ] && echo "1 run" || echo "$1 runs"; }
  if [ "$unfinished" -eq 0 ]; then echo "campaign: every run of the plan is finished"; return; fi
  if [ "$unknown" -eq "$unfinished" ]; then echo "campaign: $(runs "$unfinished") unfinished, none with a pace to go by"; return; fi
  printf 'campaign: %s unfinished; about %s of training left at the measured paces' "$(runs "$unfinished")" \
    "$(awk -v t="$seconds" 'BEGIN { if (t < 59.5) printf "%.0f s", t; else if (t < 3570) printf "%.0f min", t / 60; else printf "%.1f h", t / 3600 }')"
  [ "$unknown" -gt 0 ] && printf ', not counting %s with no run of the same task and architecture to go by' "$(runs "$unknown")"
  echo
}

if [ "${1:-}" = "--status" ]; then
  while IFS='|' read -r folder options seeds; do
    echo "== $folder"
    # shellcheck disable=SC2086
    dotnet "$itt_dll" compare $options --seeds "$seeds" --out "$out/$folder" --iteration-eval-episodes "$eval_episodes" --status </dev/null
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
  ( while sleep "$commit_every"; do commit "progress"; done ) &
  committer=$!
fi
trap '[ -n "$committer" ] && kill "$committer" 2>/dev/null; commit "stopped"' EXIT

while IFS='|' read -r folder options seeds; do
  for seed in $(seq 1 "$seeds"); do
    echo "campaign: $folder, seeds 1..$seed" >&2
    # A seed that fails (a run that cannot go on) is said in the log and left for a person; the campaign goes on.
    # shellcheck disable=SC2086
    nice -n 15 dotnet "$itt_dll" compare $options --seeds "$seed" --out "$out/$folder" --threads "$threads" \
      --iteration-eval-episodes "$eval_episodes" </dev/null || echo "campaign: $folder, seed $seed failed (exit $?); going on" >&2
    commit "$folder, seeds 1..$seed"
  done
done < <(steps)
echo "campaign: plan complete" >&2
