"""Question interchange formats. Pure: they turn files into `QuestionData` and back."""
