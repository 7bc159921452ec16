#!/usr/bin/env bash
# The package as a user gets it: packs NeuralDsl into a temporary folder, then, outside the repository, builds and runs
# a consumer project (Consumer.csproj) for net9.0 and net10.0, and one that reuses the package's ResNet18 under a new head
# (Reuse/), publishes the net9.0 one with NativeAOT and compares the binary's predictions with the JIT run's, and checks
# that a model with an error fails to build with the NDSL error only.
# Prints one "PASS/FAIL <check>" line per check and a closing "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
passed=0 failed=0
check() { # check NAME COMMAND...: runs the command, logs its output, counts the result
  local name="$1"; shift
  if "$@" >"$work/log" 2>&1; then passed=$((passed + 1)); echo "PASS $name"
  else failed=$((failed + 1)); echo "FAIL $name"; tail -n 40 "$work/log"; fi
}

# A pre-release version of its own per run, so no earlier build of the package in NuGet's cache is taken for it.
suffix="ci.$(date +%s)"
check "pack NeuralDsl" dotnet pack "$repo/runtime/NeuralDsl.Runtime" -c Release -o "$work/packages" --version-suffix "$suffix"
package="$(ls "$work"/packages/NeuralDsl.*.nupkg 2>/dev/null | head -n 1)"
if [ -z "$package" ]; then echo "0 passed, $((failed + 1)) failed"; exit 1; fi
version="$(basename "$package" .nupkg)"; version="${version#NeuralDsl.}"
cat >"$work/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="neuraldsl-local" value="$work/packages" />
  </packageSources>
</configuration>
XML
properties=(-c Release "-p:NeuralDslVersion=$version")

# Only the .NET 10 runtime may be installed: the net9.0 JIT build runs on it by rolling forward.
export DOTNET_ROLL_FORWARD=Major
for framework in net9.0 net10.0; do
  project="$work/consumer-$framework"
  mkdir -p "$project" "$work/out-$framework"
  cp "$here/Consumer.csproj" "$here/Program.cs" "$project/"
  check "build consumer $framework" dotnet build "$project" "${properties[@]}" "-p:ConsumerFramework=$framework"
  # Pack suppresses every dependency (the contract ships inside the package, and must not be one); the runtime's
  # AddPackageDependencies target writes its PackageReferences back, for each framework. The consumer must get them.
  check "consumer $framework gets the package's dependency System.IO.Hashing" grep -q '"System.IO.Hashing/' "$project/obj/project.assets.json"
  check "train, save, load, predict ($framework)" dotnet "$project/bin/Release/$framework/Consumer.dll" train "$work/out-$framework"
  # [Reuse(typeof(NeuralDsl.Applications.ResNet18), ...)]: the generator reads ResNet18 from the package's assembly.
  reuse="$work/reuse-$framework"
  mkdir -p "$reuse" && cp "$here/Reuse/Reuse.csproj" "$here/Reuse/Program.cs" "$reuse/"
  check "build a consumer reusing the package's ResNet18 under a new head ($framework)" dotnet build "$reuse" "${properties[@]}" "-p:ConsumerFramework=$framework"
  check "its ParameterCount and Summary count ResNet18's base and the head ($framework)" dotnet "$reuse/bin/Release/$framework/Reuse.dll"
done

# NativeAOT: zero trim / AOT warnings, and the binary predicts what the JIT build predicted from the same weights.
publish_log="$work/publish.log"
aot_publish() {
  dotnet publish "$work/consumer-net9.0" "${properties[@]}" -p:ConsumerFramework=net9.0 -r linux-x64 -p:PublishAot=true \
    -o "$work/aot" >"$publish_log" 2>&1 || { cat "$publish_log"; return 1; }
  if grep -E 'warning (IL|NETSDK)[0-9]+' "$publish_log"; then return 1; fi
}
check "publish net9.0 consumer with NativeAOT, no warnings" aot_publish
check "NativeAOT binary loads and predicts" "$work/aot/Consumer" predict "$work/out-net9.0"
same_predictions() {
  paste -d' ' "$work/out-net9.0/predictions-train.txt" "$work/out-net9.0/predictions-predict.txt" |
    awk 'NF != 2 { bad = 1 } { d = $1 - $2; if (d < 0) d = -d; if (d > 1e-6) { print "row " NR ": JIT " $1 ", AOT " $2; bad = 1 } }
         END { if (NR == 0) { print "no predictions"; bad = 1 } exit bad }'
}
check "NativeAOT predictions equal the JIT's (1e-6)" same_predictions

# A model with an error: the build fails, and every error it reports is an NDSL one.
only_ndsl_errors() {
  local project="$work/broken" log="$work/broken.log"
  mkdir -p "$project" && cp "$here/Broken/Broken.csproj" "$here/Broken/Program.cs" "$project/"
  if dotnet build "$project" "${properties[@]}" -p:ConsumerFramework=net10.0 >"$log" 2>&1; then
    echo "the broken model built"; return 1
  fi
  local ids; ids="$(grep -Eo 'error [A-Z]+[0-9]+' "$log" | sort -u)"
  echo "errors: $ids"
  [ -n "$ids" ] && ! grep -v 'error NDSL' <<<"$ids"
}
check "a model with an error fails with the NDSL error only" only_ndsl_errors

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
