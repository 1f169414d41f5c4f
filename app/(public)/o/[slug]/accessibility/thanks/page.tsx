// accessibility/thanks of the organisation /o/<slug>: the same page as /accessibility/thanks (app/(public)/_scope/scope.ts)
export { default, generateMetadata } from "../../../../accessibility/thanks/page";
