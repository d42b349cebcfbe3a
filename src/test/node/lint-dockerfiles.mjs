// Lints Dockerfiles with dockerfile-utils (the validator behind VS Code's Docker language server): syntax,
// instruction arguments, stage references, ports. hadolint, the usual linter, is not obtainable on build machines.
// Usage: node lint-dockerfiles.mjs FILE...   Prints "FILE:LINE: message" per problem; exit 1 if any.
import { readFileSync } from "node:fs";
import { validate } from "dockerfile-utils";

let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const d of validate(readFileSync(file, "utf8"))) {
    console.log(`${file}:${d.range.start.line + 1}: ${d.message}`);
    problems++;
  }
}
console.log(`${process.argv.length - 2} Dockerfile(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
