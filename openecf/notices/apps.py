from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "openecf.notices"
    label = "notices"
    verbose_name = "Notices and electronic service"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Filing announces each notice after its transaction commits; delivering it is this app's.
        from openecf.filing.signals import notice_generated
        from openecf.notices.delivery import deliveries_ready
        from openecf.notices.tasks import deliveries_ready_receive, notice_generated_receive

        notice_generated.connect(notice_generated_receive, dispatch_uid="openecf.notices.fan_out")
        deliveries_ready.connect(deliveries_ready_receive, dispatch_uid="openecf.notices.send")
