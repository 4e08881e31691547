"""Tips (GoodDeedReport, its history and its files) come over from ``nominations`` (its 0004).

The tables the ``nominations`` app created hold the tips already, so the models are only declared
here, on the same tables (``db_table``): no row is copied, every id, tracking code, file and
history row stays. The content types follow, so the admin's permissions and log entries do too.
"""

import django.db.models.deletion
import guongsang.core.crypto
import guongsang.core.files
import guongsang.discovery.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ("gooddeedreport", "historicalgooddeedreport", "reportfile")


def _relabel(apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        moving = content_type.objects.filter(app_label=old, model=model).first()
        if moving is None:
            continue
        # A content type under the new label can only be an empty one made by an earlier
        # post_migrate; the moving one carries the permissions people were given.
        content_type.objects.filter(app_label=new, model=model).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])


def content_types_to_discovery(apps, schema_editor):
    _relabel(apps, "nominations", "discovery")


def content_types_to_nominations(apps, schema_editor):
    _relabel(apps, "discovery", "nominations")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('nominations', '0004_tips_move_to_discovery'),
        ('orgs', '0002_name_folded_holds_the_short_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GoodDeedReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tracking_code', models.CharField(default=guongsang.discovery.models.new_tracking_code, max_length=16, unique=True, verbose_name='mã theo dõi')),
                        ('source', models.CharField(choices=[('citizen', 'Người dân'), ('press', 'Báo chí')], default='citizen', max_length=8, verbose_name='nguồn tin')),
                        ('reporter_name', models.CharField(max_length=255, verbose_name='họ và tên người báo tin')),
                        ('reporter_phone', guongsang.core.crypto.EncryptedTextField(blank=True, verbose_name='số điện thoại người báo tin')),
                        ('reporter_email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử người báo tin')),
                        ('press_outlet', models.CharField(blank=True, max_length=255, verbose_name='cơ quan báo chí')),
                        ('press_link', models.URLField(blank=True, max_length=500, verbose_name='đường dẫn bài báo')),
                        ('person_name', models.CharField(max_length=255, verbose_name='người được báo tin')),
                        ('person_details', models.TextField(blank=True, verbose_name='thông tin về người được báo tin')),
                        ('what_happened', models.TextField(verbose_name='việc tốt')),
                        ('place_detail', models.CharField(blank=True, max_length=255, verbose_name='địa điểm cụ thể')),
                        ('occurred_on', models.DateField(blank=True, null=True, verbose_name='ngày xảy ra')),
                        ('status', models.CharField(choices=[('received', 'Đã tiếp nhận, chờ xử lý'), ('accepted', 'Đã chấp nhận, lập hồ sơ'), ('declined', 'Không chấp nhận')], default='received', max_length=16, verbose_name='trạng thái')),
                        ('decline_reason', models.TextField(blank=True, verbose_name='lý do không chấp nhận')),
                        ('handled_at', models.DateTimeField(blank=True, null=True, verbose_name='xử lý lúc')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='gửi lúc')),
                        ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('nomination', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='source_report', to='nominations.nomination', verbose_name='hồ sơ đã lập')),
                        ('place_commune', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='good_deed_reports', to='orgs.orgunit', verbose_name='xã, phường nơi xảy ra')),
                    ],
                    options={
                        'verbose_name': 'tin báo người tốt, việc tốt',
                        'verbose_name_plural': 'tin báo người tốt, việc tốt',
                        'db_table': 'nominations_gooddeedreport',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalGoodDeedReport',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('tracking_code', models.CharField(db_index=True, default=guongsang.discovery.models.new_tracking_code, max_length=16, verbose_name='mã theo dõi')),
                        ('source', models.CharField(choices=[('citizen', 'Người dân'), ('press', 'Báo chí')], default='citizen', max_length=8, verbose_name='nguồn tin')),
                        ('reporter_name', models.CharField(max_length=255, verbose_name='họ và tên người báo tin')),
                        ('reporter_email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử người báo tin')),
                        ('press_outlet', models.CharField(blank=True, max_length=255, verbose_name='cơ quan báo chí')),
                        ('press_link', models.URLField(blank=True, max_length=500, verbose_name='đường dẫn bài báo')),
                        ('person_name', models.CharField(max_length=255, verbose_name='người được báo tin')),
                        ('person_details', models.TextField(blank=True, verbose_name='thông tin về người được báo tin')),
                        ('what_happened', models.TextField(verbose_name='việc tốt')),
                        ('place_detail', models.CharField(blank=True, max_length=255, verbose_name='địa điểm cụ thể')),
                        ('occurred_on', models.DateField(blank=True, null=True, verbose_name='ngày xảy ra')),
                        ('status', models.CharField(choices=[('received', 'Đã tiếp nhận, chờ xử lý'), ('accepted', 'Đã chấp nhận, lập hồ sơ'), ('declined', 'Không chấp nhận')], default='received', max_length=16, verbose_name='trạng thái')),
                        ('decline_reason', models.TextField(blank=True, verbose_name='lý do không chấp nhận')),
                        ('handled_at', models.DateTimeField(blank=True, null=True, verbose_name='xử lý lúc')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='gửi lúc')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('handled_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('nomination', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='nominations.nomination', verbose_name='hồ sơ đã lập')),
                        ('place_commune', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.orgunit', verbose_name='xã, phường nơi xảy ra')),
                    ],
                    options={
                        'verbose_name': 'historical tin báo người tốt, việc tốt',
                        'verbose_name_plural': 'historical tin báo người tốt, việc tốt',
                        'db_table': 'nominations_historicalgooddeedreport',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ReportFile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=255, storage=guongsang.core.files.private_storage, upload_to=guongsang.discovery.models.report_file_path, verbose_name='tệp')),
                        ('name', models.CharField(max_length=255, verbose_name='tên tệp')),
                        ('size', models.PositiveIntegerField(default=0, verbose_name='dung lượng')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='discovery.gooddeedreport')),
                    ],
                    options={
                        'verbose_name': 'tệp kèm tin báo',
                        'verbose_name_plural': 'tệp kèm tin báo',
                        'db_table': 'nominations_reportfile',
                    },
                ),
                migrations.AddIndex(
                    model_name='gooddeedreport',
                    index=models.Index(fields=['place_commune', 'status', '-created_at'], name='nominations_place_c_879175_idx'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_discovery, content_types_to_nominations),
    ]
