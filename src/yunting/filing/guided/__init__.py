"""Guided element-style complaints (要素式起诉状) for people who cannot write a complaint.

The questions follow the elements of the Supreme People's Court's model complaints
(最高人民法院、司法部、中华全国律师协会《民事起诉状、答辩状示范文本（试行）》, in use
since 4 March 2024 and applied in all courts from 1 January 2025) for three causes:
民间借贷纠纷, 金融借款合同纠纷 and 机动车交通事故责任纠纷. Each screen asks one group of
elements; the answers are kept in ``Filing.guided_answers`` as they are given, so a person
can stop and come back. At the end the answers are turned into claims with amounts, a
facts-and-reasons text and an element-table PDF, and the filing is filled through the
ordinary filing services, so the court reviews a guided filing like any other.

Everything that turns answers into claims is pure (``compose``), so the interest
computations can be checked by hand in the tests. The complaint is written in the court's
language (``settings.LANGUAGE_CODE``) whatever language the person uses on screen: it is a
court document (《民事诉讼法》第二百六十二条 requires the common language of the PRC).

The package, in the order things happen:

- ``interest``: the LPR history, the legal caps and simple interest (pure), and how
  amounts, rates and dates are written;
- ``fields``: the question types and the base form of one screen;
- ``composition``: what a questionnaire and a composed complaint are, and the parts every
  composer shares; ``security``: the security screen of the two loan questionnaires;
- ``private_lending``, ``financial_loan``, ``traffic_accident``: one questionnaire each,
  its screens and its composer;
- ``questionnaires``: the questionnaires by kind; bind a screen, check answers, compose;
- ``pdf``: the complaint PDF; ``selectors``: the reads (what is missing, the preview);
  ``services``: the writes (start, save a screen, generate).
"""

from ..errors import FilingError
from .composition import PARTIES_STEP, REVIEW_STEP, Composition, Questionnaire
from .interest import LPR_ONE_YEAR, lpr_on, lpr_table, private_lending_cap, yuan
from .questionnaires import QUESTIONNAIRES, bind_step, compose
from .selectors import guided_missing, guided_preview
from .services import GuidedFormError, guided_generate, guided_save_step, guided_start

__all__ = [
    "LPR_ONE_YEAR",
    "PARTIES_STEP",
    "QUESTIONNAIRES",
    "REVIEW_STEP",
    "Composition",
    "FilingError",
    "GuidedFormError",
    "Questionnaire",
    "bind_step",
    "compose",
    "guided_generate",
    "guided_missing",
    "guided_preview",
    "guided_save_step",
    "guided_start",
    "lpr_on",
    "lpr_table",
    "private_lending_cap",
    "yuan",
]
