// register/sent of the organisation /o/<slug>: the same page as /register/sent (app/(public)/_scope/scope.ts)
export { default, generateMetadata } from "../../../../register/sent/page";
