#!/usr/bin/env bash
# Builds the Unity package (UPM) com.bpgen.bpgen-<version>.tgz from the BpGen NuGet package, so both
# hold the same build: the netstandard2.1 runtime with its XML docs, and the source generator.
#
#   unity/pack.sh                         packs BpGen (dotnet pack, Release) and builds the tarball
#   unity/pack.sh BpGen.<v>.nupkg [dir]   builds it from a package already packed
#
# The tarball lands in artifacts/unity/ (git-ignored), or in dir. Everything else in it comes from
# unity/package/, committed: package.json (its version is the NuGet package's), README.md, the sample
# and one .meta per file and folder. The .meta files are committed rather than generated so that their
# GUIDs never change: Unity keeps references to a package's assets by GUID, and an upgrade must not
# break them. Needs bash, the .NET SDK, python3 (to unzip the .nupkg), tar and gzip.
set -euo pipefail

repository=$(cd "$(dirname "$0")/.." && pwd)
template="$repository/unity/package"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

nupkg=${1:-}
output=${2:-$repository/artifacts/unity}
if [ -z "$nupkg" ]; then
  dotnet pack "$repository/src/BpGen.Attributes" -c Release -o "$work/feed" -v q -nologo
  nupkg=$(echo "$work"/feed/BpGen.*.nupkg)
fi
[ -f "$nupkg" ] || { echo "No NuGet package at '$nupkg'." >&2; exit 1; }
[ -f "$repository/LICENSE" ] || { echo "No LICENSE file in $repository." >&2; exit 1; }

python3 -m zipfile -e "$nupkg" "$work/nuget"
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$work/nuget/BpGen.nuspec")
[ -n "$version" ] || { echo "No <version> in the package's BpGen.nuspec." >&2; exit 1; }

package="$work/package"
cp -R "$template" "$package"
sed -i "s/@VERSION@/$version/" "$package/package.json"
cp "$repository/LICENSE" "$package/LICENSE.md"
cp "$work/nuget/lib/netstandard2.1/BpGen.Attributes.dll" "$work/nuget/lib/netstandard2.1/BpGen.Attributes.xml" "$package/Runtime/"
# The code fixes stay out: only IDEs load them, and Unity's compiler has no use for them.
cp "$work/nuget/analyzers/dotnet/cs/BpGen.Generator.dll" "$package/Analyzers/"

# Unity reads npm-style tarballs: one top folder named package/. Sorted names, fixed owner and times,
# and gzip without a timestamp make the same inputs give the same bytes.
mkdir -p "$output"
tarball="$output/com.bpgen.bpgen-$version.tgz"
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --mode='u=rwX,go=rX' \
  --format=ustar -cf - package | gzip -9 -n > "$tarball"
echo "$tarball"
