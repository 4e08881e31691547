from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "guongsang.stories"
    label = "stories"
    verbose_name = _("Tuyên truyền: bài viết")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav
        from guongsang.core.permissions import Role

        register_nav(
            NavItem(
                _("Bài viết tuyên truyền"),
                "stories:list",
                frozenset({Role.OFFICER, Role.EDITOR, Role.UNIT_ADMIN}),
                order=130,
            ),
            NavItem(
                _("Tuyên truyền tuần"),
                "stories:weekly_list",
                frozenset({Role.OFFICER, Role.EDITOR, Role.UNIT_ADMIN, Role.HEAD}),
                order=140,
            ),
            NavItem(
                _("Báo chí"),
                "stories:press_log",
                frozenset({Role.OFFICER, Role.EDITOR, Role.UNIT_ADMIN, Role.HEAD}),
                order=150,
            ),
        )

        from django.db import transaction
        from django.db.models.signals import post_save

        from guongsang.nominees.models import Consent, Nominee
        from guongsang.nominees.sections import NomineeSection, register

        from . import cache
        from .selectors import stories_for

        def stories(user, nominee):
            rows = list(stories_for(user).filter(nominees=nominee)[:50])
            if not rows:
                return None
            return NomineeSection(_("Bài viết tuyên truyền"), "stories/_for_nominee.html", {"rows": rows}, 40)

        register(stories)

        from guongsang.nominees.signals import nominee_merged

        def on_merge(sender, keep, drop, actor=None, **kwargs) -> None:
            # A merged person's stories, press log and weekly entries follow them to the record
            # that is kept: a published story about them stays public under that record.
            from .services import move_to_nominee

            move_to_nominee(keep, drop, actor)

        nominee_merged.connect(on_merge, dispatch_uid="stories.move_to_nominee")

        # A consent given or withdrawn, or a person's public fields changed, changes what the
        # public pages may show: every cached public page is dropped.
        def on_change(sender, **kwargs) -> None:
            # After the commit: a page rendered between the bump and the commit would otherwise
            # be cached with the old data.
            transaction.on_commit(cache.bump)

        post_save.connect(on_change, sender=Consent, dispatch_uid="stories.consent_changed")
        post_save.connect(on_change, sender=Nominee, dispatch_uid="stories.nominee_changed")

        from guongsang.targets import metrics

        from . import metrics as story_metrics

        metrics.register(
            "stories_published", _("Bài viết tuyên truyền được đăng"), story_metrics.stories_published
        )
        metrics.register(
            "weekly_appearances",
            _("Lượt có mặt trong danh sách tuyên truyền tuần"),
            story_metrics.weekly_appearances,
        )
