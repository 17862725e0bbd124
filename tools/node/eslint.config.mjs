// ESLint's flat configuration for the project's own JavaScript: the browser code under
// policy_explorer/defaults (the calculator's modules, the site's scripts, the service worker) and the
// build's Node tools here. Given with --config, its patterns are read from the working directory,
// the repository's root, where ./dev test runs it:
//   tools/node/node_modules/.bin/eslint --config tools/node/eslint.config.mjs
import js from "@eslint/js";
import globals from "globals";

const ASSETS = "policy_explorer/defaults/assets";
const CALCULATOR = `${ASSETS}/calculator`;

export default [
  { ignores: [`${ASSETS}/vendor/**`] }, // tablesort's own files, kept as published
  {
    files: [`${ASSETS}/**/*.{js,mjs}`, "policy_explorer/defaults/sw.js", "tools/node/*.mjs"],
    ...js.configs.recommended,
  },
  {
    files: [`${ASSETS}/**/*.{js,mjs}`],
    languageOptions: { globals: globals.browser },
  },
  {
    // The classic scripts: the site's own (every page) and embed.js (on other sites' pages), written
    // in the syntax of ES2017 (var, function, named catch clauses) and held to it: they run in older
    // browsers than the calculator's modules need.
    files: [`${ASSETS}/*.js`, `${CALCULATOR}/embed.js`],
    languageOptions: { ecmaVersion: 2017, sourceType: "script" },
    rules: { "no-unused-vars": ["error", { caughtErrors: "none" }] },
  },
  {
    // The module workers, and what they share with the page (self, caches, indexedDB).
    files: [`${CALCULATOR}/worker.mjs`, `${CALCULATOR}/snapshot-maker.mjs`, `${CALCULATOR}/runtime-files.mjs`],
    languageOptions: { globals: globals.worker },
  },
  {
    // Written at the site's root with the build's values put in place of __INTEGRITY__ (sitegen).
    files: ["policy_explorer/defaults/sw.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker, __INTEGRITY__: "readonly" } },
  },
  {
    files: ["tools/node/*.mjs"],
    languageOptions: { globals: globals.node },
  },
];
