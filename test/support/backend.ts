import { setDefaultBackend, type Backend } from '../../src/eval/codegen.js';

// Test setup (vitest.config.ts): the whole suite runs once per evaluation backend, chosen here from the project's
// FALCO_EXPR_BACKEND (the browser-safe core never reads the environment).
const backend = process.env.FALCO_EXPR_BACKEND as Backend | undefined;
if (backend) setDefaultBackend(backend);
