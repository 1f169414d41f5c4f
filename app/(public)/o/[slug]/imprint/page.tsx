// imprint of the organisation /o/<slug>: the same page as /imprint (app/(public)/_scope/scope.ts)
export { default, generateMetadata } from "../../../imprint/page";
