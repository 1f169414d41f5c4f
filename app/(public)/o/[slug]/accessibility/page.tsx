// accessibility of the organisation /o/<slug>: the same page as /accessibility (app/(public)/_scope/scope.ts)
export { default, generateMetadata } from "../../../accessibility/page";
