// privacy of the organisation /o/<slug>: the same page as /privacy (app/(public)/_scope/scope.ts)
export { default, generateMetadata } from "../../../privacy/page";
