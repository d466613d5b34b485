// Buttons of the staff queue (/queue). Prefixes start with "sq-".
import { defineButton } from "../callback-data.js";

export const queueButtons = {
  open: defineButton("sq"),
  page: defineButton("sq-p", { offset: "int" }),
  item: defineButton("sq-i", { id: "int" }),
  decide: defineButton("sq-d", { id: "int", outcome: "str" }),
  toFaq: defineButton("sq-faq", { id: "int" }),
  faqTopic: defineButton("sq-ft", { id: "int", topic: "str" }),
};
