/**
 * Bash building blocks shared by the generated scripts. They are fixed text: no plan value is
 * ever interpolated here. Values reach the functions as arguments (quoted with `shq` by the
 * caller), so a function body never re-parses a value as code.
 */

import { shq } from './shell-quote';

export const SHEBANG = '#!/usr/bin/env bash';

/** A comment line; control characters are removed so a value cannot end the comment. */
export function comment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `# ${text.replace(/[\u0000-\u001f\u007f]/g, ' ')}`;
}

export const LOG_FUNCS = `log() { printf '==> %s\\n' "$*"; }
warn() { printf 'WARNING: %s\\n' "$*" >&2; }
die() { printf 'ERROR: %s\\n' "$*" >&2; exit 1; }`;

/** Needs RETRIES. Delay 5·attempt² seconds, capped at 120 (BUNDLES.md §6.2). */
export const RETRY_FUNC = `retry() {
  local attempt=0 delay
  until "$@"; do
    attempt=$((attempt + 1))
    if ((attempt > RETRIES)); then
      warn "giving up after \${RETRIES} retries: $*"
      return 1
    fi
    delay=$((5 * attempt * attempt))
    if ((delay > 120)); then delay=120; fi
    warn "attempt \${attempt}/\${RETRIES} failed, retrying in \${delay}s: $*"
    sleep "\${delay}"
  done
}`;

export const ENSURE_NAMESPACE_FUNC = `ensure_namespace() {
  kubectl create namespace "$1" --dry-run=client -o yaml | kubectl apply -f -
}`;

/**
 * Pre-install apply of a component's manifests: the chart may bring the CRDs they need, so
 * "no matches for kind" / "ensure CRDs are installed first" are tolerated; any other error fails.
 */
export const APPLY_TOLERANT_FUNC = `apply_manifests_tolerant() {
  local out
  if out="$(kubectl apply -f "$1" 2>&1)"; then
    printf '%s\\n' "\${out}"
    return 0
  fi
  printf '%s\\n' "\${out}" >&2
  local tolerated='no matches for kind|ensure CRDs are installed first' others
  others="$(grep -Ei 'error' <<<"\${out}" | grep -Ev "\${tolerated}" || true)"
  if [[ -z "\${others}" ]] && grep -Eq "\${tolerated}" <<<"\${out}"; then
    warn "some resources need CRDs that the chart installs; they are applied again after it"
    return 0
  fi
  return 1
}`;

export const KUSTOMIZE_APPLY_FUNC = `kustomize_apply() {
  kustomize build "$1" | kubectl apply -n "$2" -f -
}`;

/** nvidia-dra-driver-gpu: restart the kubelet plugin after install; warnings only (§6.2). */
export const RESTART_KUBELET_PLUGIN_FUNC = `restart_kubelet_plugin() {
  local ds
  ds="$(kubectl get daemonset -n "$1" -o name 2>/dev/null | grep kubelet-plugin | head -n 1 || true)"
  if [[ -z "\${ds}" ]]; then
    warn "no kubelet-plugin daemonset found in namespace $1"
    return 0
  fi
  kubectl rollout restart -n "$1" "\${ds}" || warn "could not restart \${ds}"
  kubectl rollout status -n "$1" "\${ds}" --timeout=120s || warn "\${ds} did not become ready within 120s"
}`;

export const HAS_JQ_FUNC = `has_jq() { command -v jq >/dev/null 2>&1; }`;

/** Lines "<kind> <name> <service>" for webhooks of namespace $1 whose service does not exist. */
export const ORPHAN_WEBHOOKS_FUNC = `orphan_webhooks() {
  local kind name svc
  has_jq || return 0
  for kind in mutatingwebhookconfigurations validatingwebhookconfigurations; do
    kubectl get "\${kind}" -o json 2>/dev/null |
      jq -r --arg ns "$1" '.items[] | .metadata.name as $n | .webhooks[]? | select(.clientConfig.service.namespace == $ns) | "\\($n) \\(.clientConfig.service.name)"' |
      sort -u |
      while read -r name svc; do
        if [[ -n "\${name}" ]] && ! kubectl get service -n "$1" "\${svc}" >/dev/null 2>&1; then
          printf '%s %s %s\\n' "\${kind}" "\${name}" "\${svc}"
        fi
      done || true
  done
}
sweep_orphan_webhooks() {
  local kind name svc
  while read -r kind name svc; do
    [[ -n "\${kind}" ]] || continue
    warn "deleting \${kind} \${name}: service \${svc} in namespace $1 is gone"
    kubectl delete "\${kind}" "\${name}" --ignore-not-found || true
  done < <(orphan_webhooks "$1")
}`;

export const APISERVICES_FUNC = `warn_unavailable_apiservices() {
  local svc
  has_jq || return 0
  while read -r svc; do
    [[ -n "\${svc}" ]] || continue; warn "APIService \${svc} is not available"
  done < <(kubectl get apiservices -o json 2>/dev/null |
    jq -r '.items[] | select(any(.status.conditions[]?; .type == "Available" and .status != "True")) | .metadata.name' || true)
}`;

export const LEFTOVER_CRDS_FUNC = `leftover_crds() {
  kubectl get crd -o name 2>/dev/null | grep -E '\\.(kai\\.scheduler|trainer\\.kubeflow\\.org)$' || true
}`;

/** Helm-managed webhooks/CRDs a release left behind (annotations name release and namespace). */
export const RELEASE_LEFTOVERS_FUNC = `delete_release_leftovers() {
  local kind name
  has_jq || return 0
  for kind in mutatingwebhookconfigurations validatingwebhookconfigurations customresourcedefinitions; do
    while read -r name; do
      [[ -n "\${name}" ]] || continue
      log "deleting \${kind} \${name} left by release $1"
      kubectl delete "\${kind}" "\${name}" --ignore-not-found || true
    done < <(kubectl get "\${kind}" -l app.kubernetes.io/managed-by=Helm -o json 2>/dev/null |
      jq -r --arg r "$1" --arg ns "$2" '.items[] | select(.metadata.annotations["meta.helm.sh/release-name"] == $r and .metadata.annotations["meta.helm.sh/release-namespace"] == $ns) | .metadata.name' || true)
  done
}`;

export const PROTECTED_NS_FUNC = `is_protected_namespace() {
  case "$1" in
    kube-system | kube-public | kube-node-lease | default) return 0 ;;
    *) return 1 ;;
  esac
}`;

/** A fresh working directory so local folders named like charts cannot shadow remote charts. */
export const WORK_DIR_BLOCK = `WORK_DIR="$(mktemp -d)"
trap 'rm -rf -- "\${WORK_DIR}"' EXIT
cd -- "\${WORK_DIR}"`;

/** `--retries N` argument check, shared by the option parsers. */
export const RETRIES_CASE = `--retries)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage_error "--retries needs a non-negative integer"
      RETRIES="$2"
      shift 2
      ;;`;

export const TIMEOUT_CASE = `--timeout)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage_error "--timeout needs a number of seconds"
      TIMEOUT="$2"
      shift 2
      ;;`;

/**
 * The option loop every generated script shares: the script's own `case` arms (each already
 * indented as one arm), then --help and the unknown-argument error, so all scripts parse and
 * reject arguments the same way.
 */
export function optionLoop(cases: string[]): string {
  return [
    'while [[ $# -gt 0 ]]; do',
    '  case "$1" in',
    ...cases.map((c) => `    ${c}`),
    '    -h | --help)\n      usage\n      exit 0\n      ;;',
    '    *) usage_error "unknown argument: $1" ;;',
    '  esac',
    'done',
  ].join('\n');
}

export function usageFuncs(usage: string): string {
  return `usage() { printf '%s\\n' ${shq(usage)}; }
usage_error() {
  printf 'ERROR: %s\\n' "$1" >&2
  usage >&2
  exit 2
}`;
}
