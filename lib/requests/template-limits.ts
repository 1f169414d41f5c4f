/** The longest template name (the form's maxlength and the schema's limit). */
export const MAX_TEMPLATE_NAME_LENGTH = 80;
