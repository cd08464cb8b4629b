#!/bin/bash
# Build cost of generated code: how long a project with sixty networks takes to build against a project
# with one. Writes two projects into a temporary folder, both referencing the runtime and the generator
# of this repository, builds each once to warm the build server, then rebuilds each in turn
# (--no-incremental --no-dependencies, so only the project's own compile is timed) for a few rounds,
# and prints each time, the generated source size and the ratio of the medians.
#
# dotnet build compiles through the compiler server (VBCSCompiler), which stays warm between builds,
# unless UseSharedCompilation=false is set (some CI images set it in the environment); then every build
# starts a cold compiler, whose JIT cost grows with the code it compiles. The script prints which of the
# two the environment variable asks for; UseSharedCompilation=true or false in front of the command chooses.
#
#   bash tests/BpGen.Benchmarks/BuildTime/measure-build-time.sh [rounds]
set -euo pipefail
rounds=${1:-3}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Six each of ten shapes: dense ones from 2-3-2 to 16-128-128-8, and GRU and LSTM networks on both
# sides of the unroll limit.
shapes=(
  "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy"
  "8, 16, 4, Activation.Tanh, Loss.MeanSquaredError"
  "8, 14, 8, Activation.Tanh, Loss.MeanSquaredError"
  "16, 32, 32, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy"
  "64, 64, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy"
  "16, 128, 128, 8, Activation.ReLU, Loss.SoftmaxCrossEntropy"
  "3, 4, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru }"
  "8, 32, 10, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru }"
  "4, 8, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm }"
  "16, 32, 16, 4, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Lstm, Layer.Dense }"
)

write_project() { # folder, networks
  mkdir -p "$1"
  cat > "$1/Networks.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/BpGen.Attributes/BpGen.Attributes.csproj" />
    <ProjectReference Include="$repo/src/BpGen.Generator/BpGen.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
PROJECT
  printf 'using BpGen;\nnamespace Networks;\n%s' "$2" > "$1/Networks.cs"
}

one="[Network(${shapes[0]})] public partial class Net0 { }"
sixty=""
for i in $(seq 0 59); do
  sixty+="[Network(${shapes[$((i % 10))]})] public partial class Net$i { }"$'\n'
done
write_project "$work/one" "$one"
write_project "$work/sixty" "$sixty"

for project in one sixty; do
  dotnet build "$work/$project" -c Release -v q -nologo > "$work/$project.log" 2>&1 || { cat "$work/$project.log"; exit 1; }
done

usc=${UseSharedCompilation:-}
echo "compiler server: $([ "${usc,,}" = false ] && echo off || echo on) (UseSharedCompilation=${usc:-unset})"
declare -A times
for round in $(seq 1 "$rounds"); do
  for project in one sixty; do
    start=$(date +%s.%N)
    dotnet build "$work/$project" -c Release -v q -nologo --no-incremental --no-dependencies > "$work/$project.log" 2>&1 || { cat "$work/$project.log"; exit 1; }
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    times[$project]+="$elapsed "
    printf 'round %d, %-5s %.2f s\n' "$round" "$project" "$elapsed"
  done
done

median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for project in one sixty; do
  size=$(find "$work/$project/obj" -name '*.g.cs' -path '*BpGen.Generator*' -printf '%s\n' | awk '{ s += $1 } END { printf "%.2f MB", s / 1e6 }')
  printf '%-5s median %.2f s, generated %s\n' "$project" "$(median "${times[$project]}")" "$size"
done
echo "ratio $(echo "scale=2; $(median "${times[sixty]}") / $(median "${times[one]}")" | bc)"
