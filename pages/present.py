"""Presenter view for the projector: live counts and one chart at a time."""

from survey.ui import resources
from survey.ui.access import facilitator_workshop
from survey.ui.presenter import presenter

workshop = facilitator_workshop("en", picker_key="present_workshop")
presenter(workshop, resources.questionnaire(), workshop.language)
