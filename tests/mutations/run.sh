#!/usr/bin/env bash
# Proves that the hardening tests can fail: each mutation below puts back one hole that a hardening change closed (or
# removes one guard), in a scratch copy of the repository, and runs the tests that are meant to catch it. A mutation
# whose tests still pass "survives", which means those tests would not have noticed the hole: the script then exits 1.
#
#   bash tests/mutations/run.sh              # every mutation (about a minute each: one project rebuilt, its tests run)
#   bash tests/mutations/run.sh 'proxy|6to4' # only the mutations whose name matches the regular expression
#
# Not part of ./nojor test: it rebuilds the solution once per mutation. Run it after changing a guard or its tests.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
only="${1:-}"
scratch="$(mktemp -d /tmp/nojor-mutations.XXXXXX)"
logs="$(mktemp -d /tmp/nojor-mutation-logs.XXXXXX)"
trap 'git -C "$repo" worktree remove --force "$scratch" >/dev/null 2>&1 || rm -rf "$scratch"' EXIT

git -C "$repo" worktree add --detach "$scratch" HEAD >/dev/null
# Uncommitted changes to tracked files are part of what is checked.
git -C "$repo" diff HEAD | git -C "$scratch" apply --allow-empty
cd "$scratch"
echo "Building the unmutated tests once..."
dotnet build tests/Nojor.UnitTests -v q -nologo -clp:ErrorsOnly

killed=0
survived=0
results=()

# mutate NAME FILE TEST-FILTER  (the text to find and its replacement come on stdin, separated by a line "====")
mutate() {
  local name="$1" file="$2" filter="$3"
  if [[ -n "$only" && ! "$name" =~ $only ]]; then
    return
  fi
  local spec
  spec="$(cat; echo .)"
  python3 - "$file" "$spec" <<'PY'
import sys
path, spec = sys.argv[1], sys.argv[2]
find, replace = spec[:-1].split("\n====\n", 1)
replace = replace.rstrip("\n")
text = open(path, encoding="utf-8").read()
if text.count(find) != 1:
    sys.exit(f"mutation no longer applies: the text to replace occurs {text.count(find)} times in {path}")
open(path, "w", encoding="utf-8").write(text.replace(find, replace))
PY
  local outcome log="$logs/${name//\//_}"
  if ! dotnet build tests/Nojor.UnitTests -v q -nologo >"$log.build.log" 2>&1; then
    outcome="does not compile (fix the mutation)"
    survived=$((survived + 1))
  elif dotnet test tests/Nojor.UnitTests --no-build -nologo --filter "$filter" >"$log.test.log" 2>&1; then
    outcome="SURVIVED: the tests passed"
    survived=$((survived + 1))
  else
    local failed
    failed="$(grep -cE '^\s+Failed ' "$log.test.log" || true)"
    outcome="killed ($failed failing)"
    killed=$((killed + 1))
  fi
  git checkout -q -- "$file"
  results+=("$name: $outcome")
  echo "$name: $outcome"
}

mutate webhook-connect-time-guard services/Notification.Api/Webhooks/GuardedConnector.cs \
  "FullyQualifiedName~WebhookUrlPolicyTests" <<'M'
var addresses = resolved.Where(policy.Allows).ToArray();
====
var addresses = resolved.Where(_ => policy is not null).ToArray();
M

mutate webhook-proxy services/Notification.Api/NotificationServiceExtensions.cs \
  "FullyQualifiedName~WebhookUrlPolicyTests" <<'M'
                UseProxy = false,
====
                UseProxy = true,
M

mutate webhook-6to4 services/Notification.Api/Webhooks/WebhookTargetRules.cs \
  "FullyQualifiedName~WebhookUrlPolicyTests" <<'M'
        if (bytes[0] == 0x20 && bytes[1] == 0x02)
====
        if (bytes[0] == 0x20 && bytes[1] == 0x02 && bytes.Length > 16)
M

mutate webhook-nat64 services/Notification.Api/Webhooks/WebhookTargetRules.cs \
  "FullyQualifiedName~WebhookUrlPolicyTests" <<'M'
            return Embedded(BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]));
====
            return TargetKind.Public;
M

mutate webhook-192.0.0.0/24 services/Notification.Api/Webhooks/WebhookTargetRules.cs \
  "FullyQualifiedName~WebhookUrlPolicyTests" <<'M'
        (V4(192, 0, 0, 0), 24), // IETF protocol assignments (192.0.0.192 is Oracle Cloud's metadata service)
====
M

mutate webhook-198.18.0.0/15 services/Notification.Api/Webhooks/WebhookTargetRules.cs \
  "FullyQualifiedName~WebhookUrlPolicyTests" <<'M'
        (V4(198, 18, 0, 0), 15), // benchmarking
====
M

mutate webhook-local-run-opens-everything services/Notification.Api/Webhooks/WebhookTargetPolicy.cs \
  "FullyQualifiedName~WebhookUrlPolicyTests" <<'M'
    public bool Allows(IPAddress address) => WebhookTargetRules.IsAllowed(address, AllowsLoopback);
====
    public bool Allows(IPAddress address) => AllowsLoopback || WebhookTargetRules.IsAllowed(address, AllowsLoopback);
M

mutate webhook-loopback-outside-development services/Notification.Api/Webhooks/WebhookTargetPolicy.cs \
  "FullyQualifiedName~WebhookUrlPolicyTests" <<'M'
    public bool AllowsLoopback => options.Value.AllowLoopbackTargets && environment.IsDevelopment();
====
    public bool AllowsLoopback => options.Value.AllowLoopbackTargets && (environment.IsDevelopment() || environment.IsProduction());
M

mutate budget-reader-writes-per-address gateway/Nojor.Gateway/Limits/GatewayRateLimiter.cs \
  "FullyQualifiedName~GatewayRateLimiterTests" <<'M'
        return kind == RequestKind.Feedback && ReaderTokenOf(context.Request) is { } token ? "rdr:" + token : AddressOf(context);
====
        return AddressOf(context);
M

mutate budget-no-address-ceiling gateway/Nojor.Gateway/Limits/GatewayRateLimiter.cs \
  "FullyQualifiedName~GatewayRateLimiterTests" <<'M'
                Classify(context.Request) is RequestKind.Feedback or RequestKind.ReaderToken && !IsSignedIn(context)
====
                false
M

mutate budget-token-issuance-unlimited gateway/Nojor.Gateway/Limits/GatewayRateLimiter.cs \
  "FullyQualifiedName~GatewayRateLimiterTests" <<'M'
                    RequestKind.ReaderToken => budgets.ReaderTokens,
====
                    RequestKind.ReaderToken => new RateLimitOptions.Budget { PermitLimit = int.MaxValue, Window = budgets.ReaderTokens.Window },
M

mutate budget-web-form-posts-as-general-writes gateway/Nojor.Gateway/Limits/GatewayRateLimiter.cs \
  "FullyQualifiedName~GatewayRateLimiterTests" <<'M'
        var readerWrite = request.Path.StartsWithSegments(FeedbackPrefix) || !request.Path.StartsWithSegments(ApiPrefix);
====
        var readerWrite = request.Path.StartsWithSegments(FeedbackPrefix);
M

mutate budget-cached-reads-counted gateway/Nojor.Gateway/Limits/GatewayRateLimiter.cs \
  "FullyQualifiedName~CachedAnswersBeforeBudgetsTests" <<'M'
        app.UseOutputCache().UseRateLimiter();
====
        app.UseRateLimiter().UseOutputCache();
M

mutate client-address-anyone-may-forward Nojor.ServiceDefaults/ClientAddresses/TrustedProxies.cs \
  "FullyQualifiedName~ClientAddressTests" <<'M'
            options.ForwardedHeaders = ForwardedHeaders.None;
====
            options.KnownIPNetworks.Add(new System.Net.IPNetwork(IPAddress.Any, 0));
M

mutate client-address-loopback-trusted-when-proxies-configured Nojor.ServiceDefaults/ClientAddresses/TrustedProxies.cs \
  "FullyQualifiedName~ClientAddressTests" <<'M'
        if (trustLoopback && proxies.Length == 0 && networks.Length == 0)
====
        if (trustLoopback)
M

echo
echo "killed $killed, survived $survived (logs in $logs)"
[[ $survived -eq 0 ]]
