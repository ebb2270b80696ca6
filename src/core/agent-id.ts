/** Agent ids are kebab-case slugs: they are typed by users, used in files and in `@mentions`. */
export const agentIdPattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
