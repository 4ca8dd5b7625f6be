from django.db import models


class Document(models.Model):
    """A source text that questions are derived from."""

    title = models.CharField("제목", max_length=300)
    slug = models.SlugField(unique=True)
    language = models.CharField("언어", max_length=16, default="ko")
    text = models.TextField("본문")
    checksum = models.CharField("체크섬", max_length=64)

    class Meta:
        verbose_name = "문서"
        verbose_name_plural = "문서"

    def __str__(self):
        return self.title


class Topic(models.Model):
    """One section of a document; questions are grouped and reported by topic."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField("이름", max_length=200)
    position = models.PositiveIntegerField("순서")

    class Meta:
        verbose_name = "주제"
        verbose_name_plural = "주제"
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "name"], name="topic_unique_name"),
        ]

    def __str__(self):
        return self.name


class Passage(models.Model):
    """A paragraph of a document: the unit a question cites."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="passages"
    )
    position = models.PositiveIntegerField("순서")
    section_heading = models.CharField("절 제목", max_length=300, blank=True)
    subheading = models.CharField("소제목", max_length=300, blank=True)
    text = models.TextField("본문")
    anchor = models.SlugField("앵커", max_length=40)

    class Meta:
        verbose_name = "단락"
        verbose_name_plural = "단락"
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="passage_unique_position"
            ),
            models.UniqueConstraint(fields=["document", "anchor"], name="passage_unique_anchor"),
        ]

    def __str__(self):
        return f"{self.position}. {self.heading}"

    @property
    def heading(self):
        return self.subheading or self.section_heading or "도입"
