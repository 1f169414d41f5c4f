// register of the organisation /o/<slug>: the same page as /register (app/(public)/_scope/scope.ts)
export { default, generateMetadata } from "../../../register/page";
