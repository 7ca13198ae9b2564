# Dates in forms are ISO first: browsers' date inputs read and write only YYYY-MM-DD, so a
# date field rendered in the British order would show empty and come back "required".
# Typed dates in the British order are still understood.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
