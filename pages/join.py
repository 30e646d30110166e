"""Join screen for the projector: the QR code, the link and the code, read aloud easily."""

from survey.ui.access import facilitator_workshop
from survey.ui.language import current_language
from survey.ui.presenter import join_screen
from survey.ui.workshops import join_link

workshop = facilitator_workshop(current_language(), picker_key="join_workshop")
join_screen(workshop, join_link(workshop.code), current_language(workshop.language))
