// Stand-in for the `form-data` package inside our bundles. axios's Node build imports it only to build multipart
// bodies from plain objects (`toFormData`), which this project never does: uploads send Node 20's global FormData,
// which axios streams itself (spec-compliant path). Aliasing it here keeps form-data, mime-db and their helpers
// (~150 KB) out of dist/extension.js and dist/cli.js. See scripts/build.mjs.
module.exports = globalThis.FormData;
