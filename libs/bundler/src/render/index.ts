export { renderComponent } from './render-component';
export { renderRoot } from './render-root';
export { assembleBundle, MAX_BUNDLE_BYTES } from './assemble';
export { createInProcessBundleRunner } from './runner';
export { shq } from './shell-quote';
export { toSafeYaml, needsQuoting } from './yaml-safe';
