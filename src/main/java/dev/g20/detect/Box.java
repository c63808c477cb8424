package dev.g20.detect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A box in canonical space: x across the fft-shifted bins (0 = fc - fs/2, 1 = fc + fs/2), y down
 * the frame's rows (0 = first row). Serialised as [x1, y1, x2, y2].
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record Box(double x1, double y1, double x2, double y2) {

    @JsonCreator
    public Box {
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double centerX() {
        return (x1 + x2) / 2;
    }

    public double centerY() {
        return (y1 + y2) / 2;
    }

    public double area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    /** Intersection over union; 0 when either box is empty. */
    public double iou(Box o) {
        double iw = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        double ih = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        if (iw <= 0 || ih <= 0) return 0;
        double inter = iw * ih;
        double union = area() + o.area() - inter;
        return union > 0 ? inter / union : 0;
    }
}
