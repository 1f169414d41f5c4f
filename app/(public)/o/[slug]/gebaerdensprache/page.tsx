// gebaerdensprache of the organisation /o/<slug>: the same page as /gebaerdensprache (app/(public)/_scope/scope.ts)
export { default, generateMetadata } from "../../../gebaerdensprache/page";
