"""Presenter view for the projector: live counts and one chart at a time."""

from survey.ui import resources
from survey.ui.access import facilitator_workshop
from survey.ui.language import current_language
from survey.ui.presenter import presenter

workshop = facilitator_workshop(current_language(), picker_key="present_workshop")
presenter(workshop, resources.questionnaire(), current_language(workshop.language))
