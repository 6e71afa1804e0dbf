#!/usr/bin/env bash
# Regenerates Wolverine's handler and endpoint code in src/BreachDesk.Api/Internal/Generated/ (committed; decision 0027).
# Run it after changing a handler, an endpoint, a policy or middleware, then commit the folder. The test
# PreGeneratedCodeTests fails while the committed files differ from what this writes.
#
#   deploy/local/codegen.sh
#
# The old files are deleted first: a stale adapter that calls a method which no longer exists would stop the build
# that codegen write needs. No database is needed; the connection string only has to be set.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="$repo/src/BreachDesk.Api"

"$repo/deploy/local/bridge-nuget.sh" >/dev/null
"$repo/deploy/local/ensure-npm.sh"
rm -rf "$project/Internal/Generated"
dotnet build "$project/BreachDesk.Api.csproj" -c Release -nologo -v quiet
(cd "$project" && ConnectionStrings__BreachDesk="Host=localhost;Database=codegen" Logging__LogLevel__Default=Warning \
  dotnet bin/Release/net10.0/BreachDesk.Api.dll codegen write >/dev/null)
# Compiled in now, so that the service in bin/ runs the new code.
dotnet build "$project/BreachDesk.Api.csproj" -c Release -nologo -v quiet
echo "codegen.sh: wrote $(find "$project/Internal/Generated" -name '*.cs' | wc -l) files to src/BreachDesk.Api/Internal/Generated; commit them."
