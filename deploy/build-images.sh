#!/usr/bin/env bash
# Builds the five container images with the .NET SDK's own container support (dotnet publish -t:PublishContainer: no
# Dockerfile, and no Docker engine needed to build or push). Repository, user, port and base image come from each
# project file; this script only chooses the tag and where the images go.
#
#   deploy/build-images.sh --registry registry.example.com [--tag TAG]   push to a registry (log in first: docker login,
#                                                                        podman login, or DOTNET_CONTAINER_REGISTRY_UNAME/PWORD)
#   deploy/build-images.sh --archive DIR [--tag TAG]                     write DIR/<name>.tar.gz instead (scan, then load or push)
#
# The base image (mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra) is pulled from its registry while
# building, so that registry must be reachable (or mirrored: -p:ContainerBaseImage=<mirror>/dotnet/aspnet:10.0-noble-chiseled-extra
# through EXTRA_PUBLISH_ARGS). TAG defaults to the commit (12 characters). At the end it prints the "images:" lines
# for deploy/kubernetes/overlays/production/kustomization.yaml.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
registry="" archive="" tag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry="$2"; shift 2 ;;
    --archive) archive="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    *) echo "usage: $0 (--registry HOST[/PATH] | --archive DIR) [--tag TAG]" >&2; exit 2 ;;
  esac
done
if [ -z "$registry" ] && [ -z "$archive" ]; then
  echo "say where the images go: --registry HOST or --archive DIR" >&2
  exit 2
fi
tag="${tag:-$(git -C "$ROOT" rev-parse --short=12 HEAD)}"

projects=(
  services/Article.Api/Article.Api.csproj
  services/Feedback.Api/Feedback.Api.csproj
  services/Notification.Api/Notification.Api.csproj
  web/Nojor.Web/Nojor.Web.csproj
  gateway/Nojor.Gateway/Nojor.Gateway.csproj
)
repositories=()
for project in "${projects[@]}"; do
  args=(-c Release -t:PublishContainer -p:ContainerImageTags="$tag" -p:ContainerRuntimeIdentifier="${CONTAINER_RID:-linux-x64}" --nologo -v q)
  if [ -n "$archive" ]; then
    args+=(-p:ContainerArchiveOutputPath="$archive/")
  else
    args+=(-p:ContainerRegistry="$registry")
  fi
  # shellcheck disable=SC2086 # EXTRA_PUBLISH_ARGS is a list of arguments on purpose.
  dotnet publish "$ROOT/$project" "${args[@]}" ${EXTRA_PUBLISH_ARGS:-}
  repositories+=("$(dotnet msbuild "$ROOT/$project" -getProperty:ContainerRepository)")
done

echo
echo "images: (deploy/kubernetes/overlays/production/kustomization.yaml)"
for repository in "${repositories[@]}"; do
  printf -- '- name: %s\n  newName: %s\n  newTag: "%s"\n' "$repository" "${registry:-<your-registry>}/$repository" "$tag"
done
