// landing page of the organisation /o/<slug>: the same page as / (app/(public)/_scope/scope.ts)
export { default } from "../../page";
