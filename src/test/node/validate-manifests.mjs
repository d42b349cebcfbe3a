// Validates rendered Kubernetes manifests (a JSON array, as ManifestSchemaTest writes it) against the Kubernetes
// 1.3x OpenAPI schemas (kubernetes-models), KEDA's CRD schemas (@kubernetes-models/keda) and Prometheus
// Operator's (@kubernetes-models/prometheus-operator). A kind with no schema here is an error, not a pass.
// Usage: node validate-manifests.mjs rendered.json ...   Exit 0 when every document is valid; 1 with one line per
// error ("file: Kind/name: /path message") otherwise.
import { readFileSync } from "node:fs";

const sources = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

async function modelFor(apiVersion, kind) {
  const base = sources[apiVersion];
  if (!base || !/^[A-Z][A-Za-z]+$/.test(kind)) return null;
  try {
    return (await import(`${base}/${kind}`))[kind];
  } catch {
    return null;
  }
}

let errors = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of JSON.parse(readFileSync(file, "utf8"))) {
    const id = `${doc.kind}/${doc.metadata?.name}`;
    const Model = await modelFor(doc.apiVersion, doc.kind);
    if (!Model) {
      console.log(`${file}: ${id}: no schema for apiVersion ${doc.apiVersion} kind ${doc.kind}`);
      errors++;
      continue;
    }
    try {
      new Model(doc).validate();
      checked++;
    } catch (e) {
      for (const d of e.details ?? [{ instancePath: "", message: e.message }]) {
        console.log(`${file}: ${id}: ${d.instancePath || "/"} ${d.message}`);
      }
      errors++;
    }
  }
}
console.log(`${checked} valid, ${errors} invalid`);
process.exit(errors === 0 && checked > 0 ? 0 : 1);
