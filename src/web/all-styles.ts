// Every Mantine component's styles, in Mantine's layer; loaded with the first page or panel after the home.
import "@mantine/core/styles.layer.css";
import "@mantine/dates/styles.layer.css";
