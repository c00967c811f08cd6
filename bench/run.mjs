// `npm run bench`: every benchmark, one JSON line each. Figures are for the machine they run on.
const suites = process.argv.slice(2).length ? process.argv.slice(2) : ['parse', 'eval', 'lint', 'lsp', 'targets'];
console.log(JSON.stringify({ node: process.version, cpus: (await import('node:os')).cpus().length, date: new Date().toISOString() }));
for (const s of suites) {
  const mod = await import(`./${s}.mjs`);
  console.log(JSON.stringify(await mod.run()));
}
