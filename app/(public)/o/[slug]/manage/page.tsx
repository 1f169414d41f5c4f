// manage of the organisation /o/<slug>: the same page as /manage (app/(public)/_scope/scope.ts)
export { default, generateMetadata } from "../../../manage/page";
