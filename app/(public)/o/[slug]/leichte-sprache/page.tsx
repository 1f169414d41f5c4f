// leichte-sprache of the organisation /o/<slug>: the same page as /leichte-sprache (app/(public)/_scope/scope.ts)
export { default, generateMetadata } from "../../../leichte-sprache/page";
